package io.edgeagent.agent.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgeagent.agent.config.MachineState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageProfileTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** Monday 2026-01-05 00:00 in Berlin. */
    private static final LocalDateTime MONDAY = LocalDateTime.parse("2026-01-05T00:00");

    @Test
    void slotsCountHoursOfTheLocalWeekFromMonday() {
        assertEquals(0, UsageProfile.slotOf(at(MONDAY), BERLIN));
        assertEquals(9, UsageProfile.slotOf(at(MONDAY.plusHours(9).plusMinutes(59)), BERLIN));
        assertEquals(24 + 14, UsageProfile.slotOf(at(MONDAY.plusDays(1).plusHours(14)), BERLIN));
        assertEquals(167, UsageProfile.slotOf(at(MONDAY.minusMinutes(1)), BERLIN));
        // Sunday 23:30 UTC is already Monday 00:30 in Berlin.
        Instant sundayNightUtc = Instant.parse("2026-01-04T23:30:00Z");
        assertEquals(0, UsageProfile.slotOf(sundayNightUtc, BERLIN));
        assertEquals(167, UsageProfile.slotOf(sundayNightUtc, ZoneOffset.UTC));
    }

    @Test
    void bothRunsOfTheRepeatedHourShareOneSlot() {
        // 2026-10-25: Berlin goes from 03:00 CEST back to 02:00 CET.
        int sunday2 = 6 * 24 + 2;
        assertEquals(sunday2, UsageProfile.slotOf(Instant.parse("2026-10-25T00:30:00Z"), BERLIN));
        assertEquals(sunday2, UsageProfile.slotOf(Instant.parse("2026-10-25T01:30:00Z"), BERLIN));
        assertEquals(sunday2 + 1, UsageProfile.slotOf(Instant.parse("2026-10-25T02:00:00Z"), BERLIN));
    }

    @Test
    void firstObservationIsTakenAsIsAndLaterOnesAreBlended() {
        UsageProfile profile = UsageProfile.empty(BERLIN);
        int slot = 9;
        profile.learn(bucket(MONDAY.plusHours(9), Map.of(MachineState.RUNNING, 45, MachineState.IDLE, 15)));
        assertEquals(0.75, profile.busyShare(slot), 1e-12);
        assertEquals(1, profile.observations(slot));

        profile.learn(bucket(MONDAY.plusWeeks(1).plusHours(9), Map.of(MachineState.IDLE, 60)));
        assertEquals(0.75 + 0.3 * (0.0 - 0.75), profile.busyShare(slot), 1e-12);
        assertEquals(2, profile.observations(slot));

        profile.learn(bucket(MONDAY.plusWeeks(2).plusHours(9), Map.of(MachineState.RUNNING, 60)));
        assertEquals(0.525 + 0.3 * (1.0 - 0.525), profile.busyShare(slot), 1e-12);
        assertEquals(3, profile.observations(slot));
        assertEquals(0, profile.observations(slot + 1), "neighbouring hours learn nothing");
    }

    @Test
    void runningSetupDownAndMaintenanceAreOwnUseAndIdleIsFree() {
        UsageProfile profile = UsageProfile.empty(BERLIN);
        profile.learn(bucket(MONDAY, Map.of(MachineState.RUNNING, 10, MachineState.SETUP, 10,
                MachineState.DOWN, 10, MachineState.MAINTENANCE, 10, MachineState.IDLE, 20)));
        assertEquals(40.0 / 60.0, profile.busyShare(0), 1e-12);
    }

    @Test
    void offlineAndUnknownTimeAreNoEvidence() {
        UsageProfile profile = UsageProfile.empty(BERLIN);
        // 5 + 5 minutes seen, 30 offline, 20 unknown: exactly ten minutes of evidence, half busy.
        profile.learn(bucket(MONDAY, Map.of(MachineState.RUNNING, 5, MachineState.IDLE, 5, MachineState.OFFLINE, 30)));
        assertEquals(0.5, profile.busyShare(0), 1e-12);
        assertEquals(1, profile.observations(0));
    }

    @Test
    void anHourWithLessThanTenMinutesSeenTeachesNothing() {
        UsageProfile profile = UsageProfile.empty(BERLIN);
        profile.learn(bucket(MONDAY, Map.of(MachineState.RUNNING, 4, MachineState.IDLE, 5, MachineState.OFFLINE, 51)));
        profile.learn(bucket(MONDAY.plusHours(1), Map.of()));
        assertEquals(0, profile.observations(0));
        assertEquals(0, profile.observations(1));
        assertEquals(0.0, profile.busyShare(0));
        assertEquals(List.of(), profile.snapshot().slots());
    }

    @Test
    void theSlotIsTheBucketStartInTheProfileZone() {
        UsageProfile utc = UsageProfile.empty(ZoneOffset.UTC);
        UsageProfile berlin = UsageProfile.empty(BERLIN);
        MeterBucket bucket = bucket(Instant.parse("2026-01-04T23:00:00Z"), Map.of(MachineState.RUNNING, 60));
        utc.learn(bucket);
        berlin.learn(bucket);
        assertEquals(1, utc.observations(167));
        assertEquals(1, berlin.observations(0));
    }

    @Test
    void snapshotHoldsOnlyObservedSlotsAndRestoresTheSameProfile() {
        UsageProfile profile = UsageProfile.empty(BERLIN);
        for (int week = 0; week < 3; week++) {
            profile.learn(bucket(MONDAY.plusWeeks(week).plusHours(8), Map.of(MachineState.RUNNING, 20 + 10 * week, MachineState.IDLE, 20)));
        }
        profile.learn(bucket(MONDAY.plusDays(6).plusHours(23), Map.of(MachineState.IDLE, 60)));

        UsageProfile.Snapshot snapshot = profile.snapshot();
        assertEquals(List.of(8, 167), snapshot.slots().stream().map(UsageProfile.Slot::hourOfWeek).toList());
        assertEquals(new UsageProfile.Slot(167, 0.0, 1), snapshot.slots().get(1));

        UsageProfile restored = UsageProfile.restore(BERLIN, snapshot);
        assertEquals(BERLIN, restored.zone());
        assertEquals(snapshot, restored.snapshot());
        for (int slot = 0; slot < UsageProfile.SLOTS; slot++) {
            assertEquals(profile.busyShare(slot), restored.busyShare(slot), "slot " + slot);
            assertEquals(profile.observations(slot), restored.observations(slot), "slot " + slot);
        }
    }

    @Test
    void restoredProfileKeepsLearning() {
        UsageProfile profile = UsageProfile.restore(BERLIN, new UsageProfile.Snapshot(List.of(new UsageProfile.Slot(0, 1.0, 4))));
        profile.learn(bucket(MONDAY, Map.of(MachineState.IDLE, 60)));
        assertEquals(0.7, profile.busyShare(0), 1e-12);
        assertEquals(5, profile.observations(0));
    }

    @Test
    void badSnapshotsAndSlotsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new UsageProfile.Slot(168, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new UsageProfile.Slot(-1, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new UsageProfile.Slot(3, 1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new UsageProfile.Slot(3, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new UsageProfile.Slot(3, 0.5, 0));
        UsageProfile.Snapshot twice = new UsageProfile.Snapshot(List.of(new UsageProfile.Slot(3, 0.5, 1), new UsageProfile.Slot(3, 0.2, 2)));
        assertThrows(IllegalArgumentException.class, () -> UsageProfile.restore(BERLIN, twice));
        UsageProfile profile = UsageProfile.empty(BERLIN);
        assertThrows(IllegalArgumentException.class, () -> profile.busyShare(168));
        assertThrows(IllegalArgumentException.class, () -> profile.observations(-1));
    }

    private static Instant at(LocalDateTime local) {
        return local.atZone(BERLIN).toInstant();
    }

    private static MeterBucket bucket(LocalDateTime localStart, Map<MachineState, Integer> minutes) {
        return bucket(at(localStart), minutes);
    }

    /** One hour from {@code start}; whatever the given minutes leave is unknown time. */
    private static MeterBucket bucket(Instant start, Map<MachineState, Integer> minutes) {
        Map<MachineState, Long> millis = new EnumMap<>(MachineState.class);
        long known = 0;
        for (Map.Entry<MachineState, Integer> e : minutes.entrySet()) {
            millis.put(e.getKey(), Duration.ofMinutes(e.getValue()).toMillis());
            known += Duration.ofMinutes(e.getValue()).toMillis();
        }
        return new MeterBucket("imm-07", start, start.plus(Duration.ofHours(1)), millis,
                Duration.ofHours(1).toMillis() - known, 0, null);
    }
}
