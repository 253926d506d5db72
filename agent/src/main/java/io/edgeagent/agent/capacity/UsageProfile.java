package io.edgeagent.agent.capacity;

import io.edgeagent.agent.config.MachineState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How likely one machine is to be busy with its own work in each hour of the week, learned from its own
 * hourly metering. Slot 0 is Monday 00:00-01:00 local time, slot 167 Sunday 23:00-24:00; on a day when the
 * clocks go back both runs of the repeated hour fall in the same slot.
 *
 * <p>Mutable by design (it learns one bucket an hour) and not thread-safe: a single owner learns from it
 * and plans with it. {@link #snapshot()} and {@link #restore} let that owner keep it across restarts.
 */
public final class UsageProfile {

    public static final int SLOTS = 7 * 24;

    /**
     * Weight of a new observation of a slot. A slot that was always free turns busy (at the default
     * threshold of 0.5) after two fully busy weeks in a row, not after one unusual week, and a changed shift
     * plan is learned within a month.
     */
    static final double NEW_WEIGHT = 0.3;

    /** Less seen time than this in an hour is too little to say how the machine spends that hour. */
    static final Duration MIN_EVIDENCE = Duration.ofMinutes(10);

    private final ZoneId zone;
    private final double[] busyShare = new double[SLOTS];
    private final int[] observations = new int[SLOTS];

    private UsageProfile(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** A profile that has seen nothing yet, with hours of the week counted in {@code zone}. */
    public static UsageProfile empty(ZoneId zone) {
        return new UsageProfile(zone);
    }

    /** A profile holding exactly what {@code snapshot} recorded. */
    public static UsageProfile restore(ZoneId zone, Snapshot snapshot) {
        UsageProfile profile = new UsageProfile(zone);
        for (Slot slot : snapshot.slots()) {
            if (profile.observations[slot.hourOfWeek()] != 0) {
                throw new IllegalArgumentException("hour of week " + slot.hourOfWeek() + " appears twice in the snapshot");
            }
            profile.busyShare[slot.hourOfWeek()] = slot.busyShare();
            profile.observations[slot.hourOfWeek()] = slot.observations();
        }
        return profile;
    }

    /** The hour of the week {@code t} falls in, in {@code zone}: 0 (Monday 00:00) to 167 (Sunday 23:00). */
    public static int slotOf(Instant t, ZoneId zone) {
        ZonedDateTime local = t.atZone(zone);
        return (local.getDayOfWeek().getValue() - 1) * 24 + local.getHour();
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * Learns from one closed hour. Running, setup, down and maintenance time are the machine's own use (a
     * machine down at that hour is no more free to offer than one producing); idle time is free. Offline and
     * unknown time say nothing about either, so they are left out rather than counted as free.
     */
    public void learn(MeterBucket bucket) {
        long busy = bucket.millisIn(MachineState.RUNNING) + bucket.millisIn(MachineState.SETUP)
                + bucket.millisIn(MachineState.DOWN) + bucket.millisIn(MachineState.MAINTENANCE);
        long seen = busy + bucket.millisIn(MachineState.IDLE);
        if (seen < MIN_EVIDENCE.toMillis()) {
            return;
        }
        double observed = (double) busy / seen;
        int slot = slotOf(bucket.start(), zone);
        if (observations[slot] == 0) {
            busyShare[slot] = observed;
        } else {
            // Clamped so that rounding never leaves a share a Slot would reject.
            double blended = busyShare[slot] + NEW_WEIGHT * (observed - busyShare[slot]);
            busyShare[slot] = Math.min(1.0, Math.max(0.0, blended));
        }
        observations[slot]++;
    }

    /** The learned share of the hour the machine is busy with its own work; 0 for a slot never observed. */
    public double busyShare(int slot) {
        return busyShare[checked(slot)];
    }

    /** How many hours taught this slot. */
    public int observations(int slot) {
        return observations[checked(slot)];
    }

    /** The learned slots, in hour-of-week order; slots never observed are left out. */
    public Snapshot snapshot() {
        List<Slot> slots = new ArrayList<>();
        for (int slot = 0; slot < SLOTS; slot++) {
            if (observations[slot] > 0) {
                slots.add(new Slot(slot, busyShare[slot], observations[slot]));
            }
        }
        return new Snapshot(slots);
    }

    private static int checked(int slot) {
        if (slot < 0 || slot >= SLOTS) {
            throw new IllegalArgumentException("hour of week out of range 0.." + (SLOTS - 1) + ": " + slot);
        }
        return slot;
    }

    /** What a profile has learned, for persisting: one entry per observed slot. */
    public record Snapshot(List<Slot> slots) {

        public Snapshot {
            slots = List.copyOf(slots);
        }
    }

    /** One learned hour of the week. */
    public record Slot(int hourOfWeek, double busyShare, int observations) {

        public Slot {
            checked(hourOfWeek);
            if (!(busyShare >= 0.0 && busyShare <= 1.0)) {
                throw new IllegalArgumentException("busy share out of 0..1 for hour of week " + hourOfWeek + ": " + busyShare);
            }
            if (observations < 1) {
                throw new IllegalArgumentException("a learned slot has at least one observation, hour of week "
                        + hourOfWeek + " has " + observations);
            }
        }
    }
}
