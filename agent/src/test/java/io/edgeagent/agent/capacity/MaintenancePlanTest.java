package io.edgeagent.agent.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.config.MaintenanceSlot;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MaintenancePlanTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final List<ZoneId> ZONES = List.of(BERLIN, ZoneId.of("America/New_York"), SHANGHAI,
            ZoneId.of("Australia/Sydney"), ZoneOffset.UTC);
    private static final List<LocalDate> ANCHORS = List.of(LocalDate.of(2026, 3, 8), LocalDate.of(2026, 3, 29),
            LocalDate.of(2026, 4, 5), LocalDate.of(2026, 10, 4), LocalDate.of(2026, 10, 25), LocalDate.of(2026, 11, 1));
    private static final List<String> MACHINES = List.of("imm-07", "cnc-03");

    @Example
    void slotsBecomeInstantsPerMachine() {
        MaintenancePlan plan = new MaintenancePlan(SHANGHAI, List.of(
                slot("imm-07", "2026-12-01T08:00", "2026-12-01T12:00"),
                slot("cnc-03", "2026-12-02T08:00", "2026-12-02T09:00"),
                slot("imm-07", "2026-11-30T22:00", "2026-12-01T02:00")));

        assertEquals(List.of(span("2026-11-30T22:00+08:00", "2026-12-01T02:00+08:00"),
                span("2026-12-01T08:00+08:00", "2026-12-01T12:00+08:00")), plan.spans("imm-07"));
        assertEquals(List.of(span("2026-12-02T08:00+08:00", "2026-12-02T09:00+08:00")), plan.spans("cnc-03"));
        assertEquals(List.of(), plan.spans("press-01"));
    }

    @Example
    void atGivesTheWholeSpanInForceHalfOpen() {
        MaintenancePlan plan = new MaintenancePlan(SHANGHAI, List.of(
                slot("imm-07", "2026-12-01T08:00", "2026-12-01T12:00"),
                slot("imm-07", "2026-12-01T11:00", "2026-12-01T13:00"),
                slot("imm-07", "2026-12-01T13:00", "2026-12-01T14:00")));
        TimeSpan merged = span("2026-12-01T08:00+08:00", "2026-12-01T14:00+08:00");

        assertEquals(List.of(merged), plan.spans("imm-07"));
        assertEquals(Optional.of(merged), plan.at("imm-07", at("2026-12-01T08:00+08:00")));
        assertEquals(Optional.of(merged), plan.at("imm-07", at("2026-12-01T13:30+08:00")));
        assertEquals(Optional.empty(), plan.at("imm-07", at("2026-12-01T14:00+08:00")));
        assertEquals(Optional.empty(), plan.at("imm-07", at("2026-12-01T07:59:59+08:00")));
        assertEquals(Optional.empty(), plan.at("cnc-03", at("2026-12-01T10:00+08:00")));
    }

    @Example
    void berlinClockChangesCoverTheWholeLocalSpan() {
        MaintenancePlan plan = new MaintenancePlan(BERLIN, List.of(
                slot("imm-07", "2026-03-29T01:00", "2026-03-29T05:00"),
                slot("imm-07", "2026-10-25T01:00", "2026-10-25T05:00"),
                slot("cnc-03", "2026-03-29T02:30", "2026-03-29T04:00"),
                slot("cnc-03", "2026-10-25T02:30", "2026-10-25T02:45")));

        List<TimeSpan> imm = plan.spans("imm-07");
        assertEquals(List.of(span("2026-03-29T01:00+01:00", "2026-03-29T05:00+02:00"),
                span("2026-10-25T01:00+02:00", "2026-10-25T05:00+01:00")), imm);
        assertEquals(Duration.ofHours(3), imm.get(0).duration());
        assertEquals(Duration.ofHours(5), imm.get(1).duration());

        // A start inside the spring gap is the end of the gap; a repeated 02:30 starts at its first
        // occurrence and 02:45 ends at its second.
        assertEquals(List.of(span("2026-03-29T03:00+02:00", "2026-03-29T04:00+02:00"),
                span("2026-10-25T02:30+02:00", "2026-10-25T02:45+01:00")), plan.spans("cnc-03"));
        assertEquals(Duration.ofMinutes(75), plan.spans("cnc-03").get(1).duration());
    }

    record Plan(ZoneId zone, List<MaintenanceSlot> slots, List<Instant> probes) {
    }

    @Property
    void spansAreNormalizedAndAtMatchesTheWallClock(@ForAll("plans") Plan p) {
        MaintenancePlan plan = new MaintenancePlan(p.zone(), p.slots());

        for (String machine : MACHINES) {
            List<TimeSpan> spans = plan.spans(machine);
            for (int i = 0; i < spans.size(); i++) {
                assertFalse(spans.get(i).isEmpty());
                if (i > 0) {
                    assertTrue(spans.get(i - 1).end().isBefore(spans.get(i).start()), "sorted, disjoint: " + spans);
                }
            }
            for (Instant t : probes(p)) {
                Optional<TimeSpan> inForce = plan.at(machine, t);
                assertEquals(spans.stream().filter(s -> s.contains(t)).findFirst(), inForce, t.toString());
                LocalDateTime local = LocalDateTime.ofInstant(t, p.zone());
                boolean unambiguous = p.zone().getRules().getValidOffsets(local).size() == 1;
                if (unambiguous) {
                    boolean planned = p.slots().stream().anyMatch(slot -> slot.machine().equals(machine)
                            && !local.isBefore(slot.from()) && local.isBefore(slot.to()));
                    assertEquals(planned, inForce.isPresent(), t + " = " + local + " for " + machine);
                }
            }
        }
    }

    /** The random probes, and each slot's edges as the plan resolves them and a nanosecond before. */
    private static List<Instant> probes(Plan p) {
        List<Instant> out = new ArrayList<>(p.probes());
        for (MaintenanceSlot slot : p.slots()) {
            for (LocalDateTime edge : List.of(slot.from(), slot.to())) {
                ZoneOffsetTransition transition = p.zone().getRules().getTransition(edge);
                List<Instant> instants = transition != null && transition.isGap() ? List.of(transition.getInstant())
                        : p.zone().getRules().getValidOffsets(edge).stream().map(edge::toInstant).toList();
                for (Instant t : instants) {
                    out.add(t);
                    out.add(t.minusNanos(1));
                }
            }
        }
        return out;
    }

    /** Slots and probes are drawn around 2026-01-01 and moved to the day before an anchor, without flatMap. */
    @Provide
    Arbitrary<Plan> plans() {
        LocalDateTime base = LocalDateTime.of(2026, 1, 1, 0, 0);
        Arbitrary<MaintenanceSlot> slot = Combinators.combine(Arbitraries.of(MACHINES),
                Arbitraries.integers().between(0, 3 * 96), Arbitraries.integers().between(1, 40))
                .as((machine, start, length) -> new MaintenanceSlot(machine, base.plusMinutes(15L * start),
                        base.plusMinutes(15L * (start + length))));
        Arbitrary<Long> probe = Arbitraries.longs().between(-86_400L, 4 * 86_400L);
        return Combinators.combine(Arbitraries.of(ANCHORS), Arbitraries.of(ZONES), slot.list().ofMaxSize(5),
                probe.list().ofSize(40))
                .as((anchor, zone, slots, probes) -> {
                    long days = ChronoUnit.DAYS.between(base.toLocalDate(), anchor.minusDays(1));
                    List<MaintenanceSlot> moved = slots.stream().map(x -> new MaintenanceSlot(x.machine(),
                            x.from().plusDays(days), x.to().plusDays(days))).toList();
                    Instant first = base.plusDays(days).toInstant(ZoneOffset.UTC);
                    return new Plan(zone, moved, probes.stream().map(first::plusSeconds).toList());
                });
    }

    private static MaintenanceSlot slot(String machine, String from, String to) {
        return new MaintenanceSlot(machine, LocalDateTime.parse(from), LocalDateTime.parse(to));
    }

    private static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    private static TimeSpan span(String from, String to) {
        return new TimeSpan(at(from), at(to));
    }
}
