package io.edgeagent.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Coalescing: fewest reads within maxGap and the protocol's limits, areas never mixed, refusals remembered. */
class RequestPlannerTest {

    private static final ModbusType U16 = ModbusType.of(ModbusType.Kind.UINT16);
    private static final ModbusType F32 = ModbusType.of(ModbusType.Kind.FLOAT32);
    private static final ModbusType BOOL = ModbusType.of(ModbusType.Kind.BOOL);

    @Test
    void adjacentAndNearbySignalsShareOneRead() {
        List<String> plan = plan(10,
                holding("a", 0, U16), holding("b", 1, F32), holding("c", 13, U16));

        // a: 0, b: 1..2, then 10 unused registers (3..12), c: 13.
        assertEquals(List.of(read(RegisterArea.HOLDING_REGISTER, 0, 14, "a", "b", "c")), plan);
    }

    @Test
    void aGapLargerThanMaxGapStartsANewRead() {
        List<String> plan = plan(10, holding("a", 0, U16), holding("b", 1, F32), holding("c", 14, U16));

        assertEquals(List.of(read(RegisterArea.HOLDING_REGISTER, 0, 3, "a", "b"),
                read(RegisterArea.HOLDING_REGISTER, 14, 1, "c")), plan);
    }

    @Test
    void maxGapZeroJoinsOnlyAdjacentValues() {
        List<String> plan = plan(0, holding("a", 0, U16), holding("b", 1, U16), holding("c", 3, U16));

        assertEquals(List.of(read(RegisterArea.HOLDING_REGISTER, 0, 2, "a", "b"),
                read(RegisterArea.HOLDING_REGISTER, 3, 1, "c")), plan);
    }

    @Test
    void overlappingSignalsAndBitsOfOneRegisterShareTheirRead() {
        ModbusSignal bit0 = new ModbusSignal("run", RegisterArea.HOLDING_REGISTER, 5, BOOL, 0, WordOrder.ABCD, 1, 0,
                0);
        ModbusSignal bit3 = new ModbusSignal("alarm", RegisterArea.HOLDING_REGISTER, 5, BOOL, 3, WordOrder.ABCD, 1,
                0, 0);
        ModbusSignal word = holding("status", 5, U16);
        ModbusSignal wide = holding("both", 4, F32);

        List<String> plan = plan(0, bit0, bit3, word, wide);

        assertEquals(List.of(read(RegisterArea.HOLDING_REGISTER, 4, 2, "both", "run", "alarm", "status")), plan);
    }

    @Test
    void aReadNeverExceeds125Registers() {
        List<String> plan = plan(200, holding("first", 0, U16), holding("last", 124, U16),
                holding("beyond", 125, U16), holding("float", 248, F32), holding("next", 250, U16));

        assertEquals(List.of(read(RegisterArea.HOLDING_REGISTER, 0, 125, "first", "last"),
                read(RegisterArea.HOLDING_REGISTER, 125, 125, "beyond", "float"),
                read(RegisterArea.HOLDING_REGISTER, 250, 1, "next")), plan);
    }

    @Test
    void aReadNeverExceeds2000Bits() {
        ModbusSignal first = ModbusSignal.of("first", RegisterArea.COIL, 0, BOOL);
        ModbusSignal last = ModbusSignal.of("last", RegisterArea.COIL, 1999, BOOL);
        ModbusSignal beyond = ModbusSignal.of("beyond", RegisterArea.COIL, 2000, BOOL);

        List<String> plan = plan(5000, first, last, beyond);

        assertEquals(List.of(read(RegisterArea.COIL, 0, 2000, "first", "last"),
                read(RegisterArea.COIL, 2000, 1, "beyond")), plan);
    }

    @Test
    void areasAreNeverMixedEvenAtTheSameAddresses() {
        List<String> plan = plan(10,
                ModbusSignal.of("hr", RegisterArea.HOLDING_REGISTER, 0, U16),
                ModbusSignal.of("ir", RegisterArea.INPUT_REGISTER, 1, U16),
                ModbusSignal.of("coil", RegisterArea.COIL, 0, BOOL),
                ModbusSignal.of("di", RegisterArea.DISCRETE_INPUT, 1, BOOL),
                ModbusSignal.of("coil2", RegisterArea.COIL, 7, BOOL));

        assertEquals(List.of(read(RegisterArea.COIL, 0, 8, "coil", "coil2"),
                read(RegisterArea.DISCRETE_INPUT, 1, 1, "di"),
                read(RegisterArea.INPUT_REGISTER, 1, 1, "ir"),
                read(RegisterArea.HOLDING_REGISTER, 0, 1, "hr")), plan);
    }

    @Test
    void aCutSplitsAReadAndAnIsolatedSignalIsReadAlone() {
        ModbusSignal a = holding("a", 0, U16);
        ModbusSignal b = holding("b", 2, U16);
        ModbusSignal bad = holding("bad", 4, F32);
        ModbusSignal c = holding("c", 8, U16);
        RequestPlanner planner = new RequestPlanner(List.of(a, b, bad, c), 10);
        assertEquals(1, shapes(planner.plan()).size());

        planner.isolate(bad);
        planner.cut(RegisterArea.HOLDING_REGISTER, 4);
        planner.cut(RegisterArea.HOLDING_REGISTER, 8);

        assertEquals(List.of(read(RegisterArea.HOLDING_REGISTER, 0, 3, "a", "b"),
                read(RegisterArea.HOLDING_REGISTER, 4, 2, "bad"),
                read(RegisterArea.HOLDING_REGISTER, 8, 1, "c")), shapes(planner.plan()));

        planner.forget();
        assertEquals(List.of(read(RegisterArea.HOLDING_REGISTER, 0, 9, "a", "b", "bad", "c")), shapes(planner.plan()));
    }

    private static List<String> plan(int maxGap, ModbusSignal... signals) {
        return shapes(new RequestPlanner(List.of(signals), maxGap).plan());
    }

    private static ModbusSignal holding(String name, int address, ModbusType type) {
        return ModbusSignal.of(name, RegisterArea.HOLDING_REGISTER, address, type);
    }

    /** A read as text, e.g. {@code HOLDING_REGISTER 0+14 [a, b, c]}, for comparisons that say what differs. */
    private static String read(RegisterArea area, int address, int count, String... names) {
        return area + " " + address + "+" + count + " " + List.of(names);
    }

    private static List<String> shapes(List<ReadRequest> plan) {
        return plan.stream().map(r -> read(r.area(), r.address(), r.count(),
                r.signals().stream().map(ModbusSignal::name).toArray(String[]::new))).toList();
    }
}
