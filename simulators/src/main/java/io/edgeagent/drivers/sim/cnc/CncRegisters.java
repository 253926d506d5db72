package io.edgeagent.drivers.sim.cnc;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The simulated control's register map: 0-based protocol addresses. Holding registers:
 *
 * <table>
 *   <caption>Holding registers</caption>
 *   <tr><th>Address</th><th>Name</th><th>Type</th><th>Meaning</th></tr>
 *   <tr><td>0</td><td>execution</td><td>uint16</td><td>{@link Execution}</td></tr>
 *   <tr><td>1</td><td>mode</td><td>uint16</td><td>{@link ControlMode}</td></tr>
 *   <tr><td>2-3</td><td>partCount</td><td>uint32</td><td>+1 per finished cycle, wraps at 2^32</td></tr>
 *   <tr><td>4-5</td><td>spindleRpm</td><td>float32</td><td>around the setpoint while cutting, else 0</td></tr>
 *   <tr><td>6-7</td><td>spindleLoad</td><td>float32</td><td>percent, 30..60 while cutting, else 0</td></tr>
 *   <tr><td>8</td><td>alarmCode</td><td>uint16</td><td>0, or {@value CncPhase#ALARM_CODE} in ALARM</td></tr>
 *   <tr><td>9</td><td>(reserved)</td><td>uint16</td><td>always 0</td></tr>
 *   <tr><td>10-17</td><td>program</td><td>string(16)</td><td>ASCII, two characters per register, high byte
 *       first, padded with NULs</td></tr>
 * </table>
 *
 * <p>Coil {@value #DOOR_OPEN} is {@code doorOpen}, discrete input {@value #CYCLE_START} is {@code cycleStart};
 * see {@link CncPhase}. There are no input registers. The 32-bit values follow the simulator's {@link WordOrder}
 * (ABCD unless configured); the program name always reads high byte first.
 */
public final class CncRegisters {

    public static final int EXECUTION = 0;
    public static final int MODE = 1;
    public static final int PART_COUNT = 2;
    public static final int SPINDLE_RPM = 4;
    public static final int SPINDLE_LOAD = 6;
    public static final int ALARM_CODE = 8;
    public static final int PROGRAM = 10;
    /** Characters of the program name, in {@code PROGRAM_LENGTH / 2} registers. */
    public static final int PROGRAM_LENGTH = 16;
    /** Holding registers 0 up to, not including, this one exist. */
    public static final int HOLDING_COUNT = PROGRAM + PROGRAM_LENGTH / 2;
    /** Coil address. */
    public static final int DOOR_OPEN = 0;
    /** Discrete input address. */
    public static final int CYCLE_START = 0;

    /**
     * The content of every data area at one moment: read from one snapshot, a request never mixes two.
     *
     * @param holding    {@link #HOLDING_COUNT} register values, each 0..65535
     * @param doorOpen   coil {@value #DOOR_OPEN}
     * @param cycleStart discrete input {@value #CYCLE_START}
     */
    record Snapshot(List<Integer> holding, boolean doorOpen, boolean cycleStart) {

        Snapshot {
            holding = List.copyOf(Objects.requireNonNull(holding, "holding"));
            if (holding.size() != HOLDING_COUNT) {
                throw new IllegalArgumentException("expected " + HOLDING_COUNT + " registers, got " + holding.size());
            }
        }
    }

    private CncRegisters() {
    }

    static Snapshot encode(CncMachine.State state, WordOrder order) {
        Integer[] holding = new Integer[HOLDING_COUNT];
        holding[EXECUTION] = state.phase().execution().value();
        holding[MODE] = state.phase().mode().value();
        put32(holding, PART_COUNT, (int) state.partCount(), order);
        put32(holding, SPINDLE_RPM, Float.floatToIntBits((float) state.spindleRpm()), order);
        put32(holding, SPINDLE_LOAD, Float.floatToIntBits((float) state.spindleLoad()), order);
        holding[ALARM_CODE] = state.phase().alarmCode();
        holding[ALARM_CODE + 1] = 0;
        byte[] name = programBytes(state.program());
        for (int i = 0; i < PROGRAM_LENGTH / 2; i++) {
            holding[PROGRAM + i] = (name[2 * i] & 0xFF) << 8 | (name[2 * i + 1] & 0xFF);
        }
        return new Snapshot(List.of(holding), state.phase().doorOpen(), state.phase().cycleStart());
    }

    /**
     * The name as the control stores it: {@value #PROGRAM_LENGTH} bytes, NUL-padded.
     *
     * @throws IllegalArgumentException when the name is longer or not printable ASCII
     */
    static byte[] programBytes(String program) {
        if (program.length() > PROGRAM_LENGTH || !program.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("a program name is up to " + PROGRAM_LENGTH
                    + " printable ASCII characters, was '" + program + "'");
        }
        byte[] bytes = new byte[PROGRAM_LENGTH];
        byte[] ascii = program.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, bytes, 0, ascii.length);
        return bytes;
    }

    /** Bytes A B C D of the big-endian value land in the two registers as the order names them. */
    private static void put32(Integer[] registers, int at, int value, WordOrder order) {
        int high = value >>> 16;
        int low = value & 0xFFFF;
        switch (order) {
            case ABCD -> {
                registers[at] = high;
                registers[at + 1] = low;
            }
            case CDAB -> {
                registers[at] = low;
                registers[at + 1] = high;
            }
            case BADC -> {
                registers[at] = swapBytes(high);
                registers[at + 1] = swapBytes(low);
            }
            case DCBA -> {
                registers[at] = swapBytes(low);
                registers[at + 1] = swapBytes(high);
            }
        }
    }

    private static int swapBytes(int register) {
        return (register & 0xFF) << 8 | register >>> 8;
    }
}
