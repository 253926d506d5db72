package io.edgeagent.agent.capacity;

import io.edgeagent.agent.capacity.CommandAnswer.Result;
import io.edgeagent.agent.config.MachineState;
import io.edgeagent.agent.state.StateChange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns state changes, counter readings and the passing of time into live idle windows, forecast windows,
 * hourly metering and answers to reservation commands, for every machine of the agent. Single-threaded:
 * every method is called on the one thread that owns the engine (the agent's ingest thread), so no state
 * here needs locking, and commands are serialised with the events they depend on.
 *
 * <p>Time comes from the caller; {@link ClockWatch} turns wall-clock steps into unknown time, so no
 * window or metering second is ever invented by a clock that jumped.
 */
public final class CapacityEngine {

    private static final Logger LOG = LoggerFactory.getLogger(CapacityEngine.class);
    /** Forecasts are recomputed at least this often, and at once on any event that changes them. */
    static final Duration FORECAST_EVERY = Duration.ofMinutes(5);
    /** The open metering hour is saved this often, bounding what a crash turns into unknown time. */
    static final Duration SNAPSHOT_EVERY = Duration.ofMinutes(1);
    /** Answers are kept this long for retried requests; ended reservations this long for the record. */
    static final Duration KEEP_ANSWERS = Duration.ofDays(7);
    /** Wall-clock drift against the monotonic clock that still counts as normal progress. */
    static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(5);

    private final CapacityPlan plan;
    private final CapacityMemory memory;
    private final CapacitySink sink;
    private final ClockWatch clockWatch = new ClockWatch(CLOCK_TOLERANCE);
    private final Map<String, MachineCapacity> machines = new LinkedHashMap<>();
    private final List<Reservation> reservations = new ArrayList<>();
    /** Statuses by reservation id; a reservation absent here is booked. */
    private final Map<String, ReservationStatus> statuses = new HashMap<>();
    private Instant now;
    /** Since when the engine has observed without a gap: time before it, in a reservation, is unknown. */
    private Instant observedSince;
    /** Why the time before {@link #observedSince} was not observed, for a reservation that lay wholly in it. */
    private String unobserved = "its time passed while the agent was not running";
    private Instant nextForecast;
    private Instant nextSnapshot;
    private Instant nextPrune;

    public CapacityEngine(CapacityPlan plan, CapacityMemory memory, CapacitySink sink) {
        this.plan = plan;
        this.memory = memory;
        this.sink = sink;
    }

    /** Restores reservations, open metering hours and learned profiles; call once, before anything else. */
    public void start(Instant at, long monotonicNanos) {
        clockWatch.observe(at, monotonicNanos);
        now = at;
        observedSince = at;
        reservations.addAll(memory.reservations());
        statuses.putAll(memory.statuses());
        for (CapacityPlan.Machine m : plan.machines()) {
            Meter meter = memory.meter(m.id())
                    .map(s -> Meter.resume(s, plan.zone(), m.cavities(), at))
                    .orElseGet(() -> new Meter(m.id(), plan.zone(), m.cavities(), at));
            UsageProfile profile = memory.profile(m.id())
                    .map(s -> UsageProfile.restore(plan.zone(), s))
                    .orElseGet(() -> UsageProfile.empty(plan.zone()));
            MachineCapacity mc = new MachineCapacity(m, meter, profile, plan.calendar(),
                    plan.maintenance().spans(m.id()), planner(plan.minWindow()));
            mc.owed.addAll(memory.owed(m.id()));
            machines.put(m.id(), mc);
            Optional<Reservation> running = reservations.stream()
                    .filter(r -> r.machineId().equals(m.id()) && status(r) == ReservationStatus.ACTIVE).findFirst();
            running.ifPresent(r -> mc.delivery = memory.delivery(m.id())
                    .filter(d -> d.reservationId().equals(r.id()))
                    .map(d -> Delivery.resume(r, d, at))
                    .orElseGet(() -> Delivery.begin(r, at, null, null)));
            // Retained: a list from before the restart may show a reservation that ended or was released since.
            sink.reservations(m.id(), current(mc));
        }
        nextForecast = at;
        nextSnapshot = at.plus(SNAPSHOT_EVERY);
        nextPrune = at;
        LOG.info("capacity: {} machines, {} reservations, zone {}, horizon {} d", machines.size(),
                reservations.size(), plan.zone(), plan.horizon().toDays());
    }

    public void onState(StateChange change, Instant at) {
        MachineCapacity m = machines.get(change.machineId());
        if (m == null) {
            return;
        }
        // Hours closing now are published with the picture as it was, before the new state changes it.
        closeHours(m, timeline(at));
        m.state = change.state();
        m.reason = change.reason();
        m.meter.onState(change.state(), change.since(), timeline(at));
        if (m.delivery != null) {
            m.delivery.onState(change.state(), change.since(), change.reason(), timeline(at));
            tellRisk(m, m.delivery);
        }
        m.live.onState(change.state(), change.since()).ifPresent(this::closed);
        refreshOffered(m, now);
        m.live.advance(now, m.offered).forEach(this::closed);
        replan(m);
    }

    /** A reading of the machine's cycle counter. */
    public void onCounter(String machineId, long value, Instant at) {
        MachineCapacity m = machines.get(machineId);
        if (m != null) {
            long made = m.meter.onCounter(value, timeline(at));
            if (m.delivery != null) {
                m.delivery.onCycles(made);
            }
        }
    }

    /** A reading of the machine's good ({@code good}) or bad parts counter, metered like the cycle counter. */
    public void onPartsCounter(String machineId, boolean good, long value, Instant at) {
        MachineCapacity m = machines.get(machineId);
        if (m != null) {
            long made = good ? m.meter.onGoodParts(value) : m.meter.onBadParts(value);
            if (m.delivery != null) {
                if (good) {
                    m.delivery.onGoodParts(made);
                } else {
                    m.delivery.onBadParts(made);
                }
            }
        }
    }

    /** A reading of one of {@link Delivery#JOB_SIGNALS}: named in the report of a reservation running now. */
    public void onJob(String machineId, String signal, String value) {
        MachineCapacity m = machines.get(machineId);
        if (m != null) {
            m.jobs.put(signal, value);
            if (m.delivery != null) {
                m.delivery.onJob(signal, value);
            }
        }
    }

    // One line per step, with its size, whichever way it went: a Pi without a real-time clock steps by days.
    private static void logStep(ClockWatch.Observation o, Instant wall) {
        Duration step = o.step();
        if (step.isZero()) {
            return;
        }
        String effect = o instanceof ClockWatch.SteppedBack back
                ? "metering and idle windows pause until it passes " + back.highWater()
                : o instanceof ClockWatch.SteppedForward forward
                        ? "the time from " + forward.lastTrusted() + " is metered as unknown and closes open idle windows"
                        : "back where metering and idle windows had paused";
        LOG.warn("wall clock stepped {} by {} to {}: {}; states, dwell and counting windows go on by the monotonic"
                + " clock", step.isNegative() ? "back" : "forward", step.abs(), wall, effect);
    }

    /** The machine's connection dropped: its counter's next value is a new baseline. */
    public void onDisconnected(String machineId) {
        MachineCapacity m = machines.get(machineId);
        if (m != null) {
            m.meter.counterLost();
        }
    }

    /** Lets time pass: closes hours and windows, and recomputes forecasts when due. */
    public void tick(Instant wall, long monotonicNanos) {
        ClockWatch.Observation o = clockWatch.observe(wall, monotonicNanos);
        logStep(o, wall);
        if (o instanceof ClockWatch.SteppedBack) {
            return;
        }
        if (o instanceof ClockWatch.SteppedForward step) {
            now = step.now();
            observedSince = now;
            unobserved = "its time passed in a forward step of the wall clock, from " + step.lastTrusted();
            for (MachineCapacity m : machines.values()) {
                if (m.delivery != null) {
                    m.delivery.unknownUntil(now);
                }
                // Before the hour closes, as in closeHours: a reservation that began or ended in it has its share in it.
                lifecycle(m);
                emitBuckets(m, m.meter.unknownUntil(now));
                m.live.clockStepped(step.lastTrusted(), now).ifPresent(this::closed);
            }
            nextForecast = now;
        } else {
            now = ((ClockWatch.Progress) o).now();
        }
        for (MachineCapacity m : machines.values()) {
            closeHours(m, now);
            if (m.unsaved) {
                saveOpenHours(List.of(m));
            }
            refreshOffered(m, now);
            boolean wasOpen = m.live.open().isPresent();
            m.live.advance(now, m.offered).forEach(this::closed);
            if (wasOpen != m.live.open().isPresent()) {
                replan(m);
            }
        }
        if (!now.isBefore(nextForecast)) {
            nextForecast = now.plus(FORECAST_EVERY);
            machines.values().forEach(this::replan);
        }
        if (!now.isBefore(nextSnapshot)) {
            nextSnapshot = now.plus(SNAPSHOT_EVERY);
            saveOpenHours(machines.values());
        }
        if (!now.isBefore(nextPrune)) {
            nextPrune = now.plus(Duration.ofHours(1));
            prune();
        }
    }

    /**
     * Puts new sharing rules in force for one machine while the agent runs (the platform manages the offer): its
     * offered time, live window and forecast follow at once, and a changed picture is published. Reservations
     * already accepted stay, even where the new rules no longer offer their time: they were promised.
     */
    public void offer(String machineId, SharingCalendar calendar, List<TimeSpan> maintenance, Duration minWindow) {
        MachineCapacity m = machines.get(machineId);
        if (m == null) {
            return;
        }
        m.calendar = calendar;
        m.maintenance = List.copyOf(maintenance);
        m.planner = planner(minWindow);
        afterReservationChange(m);
    }

    private static ForecastPlanner planner(Duration minWindow) {
        return new ForecastPlanner(minWindow, ForecastPlanner.DEFAULT_BUSY_THRESHOLD);
    }

    /** Answers a reserve request; an accepted reservation is durable before this returns. */
    public CommandAnswer reserve(ReserveRequest request, Instant at) {
        Optional<CommandAnswer> earlier = repeated(request.requestId(), "reserve");
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Instant t = timeline(at);
        MachineCapacity m = machines.get(request.machineId());
        if (m == null) {
            return reject(request, "unknown machine '" + request.machineId() + "'; this agent has " + machines.keySet());
        }
        TimeSpan wanted;
        if (request.windowId() != null) {
            replan(m);
            Optional<ForecastWindow> w = m.forecast.stream().filter(f -> f.id().equals(request.windowId())).findFirst();
            if (w.isEmpty()) {
                return answer(request, Result.CONFLICT, "window " + request.windowId() + " is not offered (any more);"
                        + " see the machine's capacity message for the current windows", null);
            }
            wanted = new TimeSpan(w.get().start().truncatedTo(ChronoUnit.MILLIS), w.get().end().truncatedTo(ChronoUnit.MILLIS));
        } else {
            if (request.start() == null || request.end() == null) {
                return reject(request, "give either 'window' or both 'start' and 'end'");
            }
            if (!request.end().isAfter(request.start())) {
                return reject(request, "'end' " + request.end() + " is not after 'start' " + request.start());
            }
            if (!request.end().isAfter(t)) {
                return reject(request, "the requested time ended already (" + request.end() + ")");
            }
            // The part already past cannot be used by anyone: reserve from now. In whole milliseconds, as stored,
            // so a reservation is the same before and after a restart.
            Instant from = request.start().isBefore(t) ? t : request.start();
            wanted = new TimeSpan(from.truncatedTo(ChronoUnit.MILLIS), request.end().truncatedTo(ChronoUnit.MILLIS));
        }
        Optional<String> conflict = conflict(m, wanted, t);
        if (conflict.isPresent()) {
            return answer(request, Result.CONFLICT, conflict.get(), null);
        }
        Reservation r = new Reservation(reservationId(request.requestId()), m.id(), wanted, request.requestId(),
                request.reference());
        CommandAnswer accepted = new CommandAnswer(request.requestId(), "reserve", Result.ACCEPTED, null, r);
        memory.record(accepted, t);
        reservations.add(r);
        reservations.sort(Comparator.comparing(Reservation::start));
        LOG.info("{}: reserved {} .. {} as {} (request {})", m.id(), r.start(), r.end(), r.id(), r.requestId());
        sink.reservationChanged(ReservationEvent.moved(r, ReservationStatus.BOOKED, false,
                "reserved by request " + r.requestId()));
        sink.reservations(m.id(), current(m));
        afterReservationChange(m);
        return accepted;
    }

    /** Releases a reservation by its id. */
    public CommandAnswer release(String requestId, String reservationId, Instant at) {
        Optional<CommandAnswer> earlier = repeated(requestId, "release");
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Instant t = timeline(at);
        Optional<Reservation> r = reservations.stream().filter(x -> x.id().equals(reservationId)).findFirst();
        if (r.isEmpty()) {
            CommandAnswer none = new CommandAnswer(requestId, "release", Result.NOT_FOUND,
                    "no reservation '" + reservationId + "' (never made, already released, or ended)", null);
            memory.record(none, t);
            return none;
        }
        CommandAnswer released = new CommandAnswer(requestId, "release", Result.RELEASED, null, r.get());
        memory.record(released, t);
        reservations.remove(r.get());
        statuses.remove(reservationId);
        LOG.info("{}: released reservation {} (request {})", r.get().machineId(), reservationId, requestId);
        MachineCapacity m = machines.get(r.get().machineId());
        if (m != null) {
            Delivery running = m.delivery != null && m.delivery.reservation().id().equals(reservationId) ? m.delivery : null;
            String why = "released by request " + requestId;
            if (running != null) {
                running.advance(t);
                finish(m, running, ReservationStatus.RELEASED, t, why);
            } else {
                sink.reservationChanged(ReservationEvent.moved(r.get(), ReservationStatus.RELEASED, false, why));
            }
            sink.reservations(m.id(), current(m));
            afterReservationChange(m);
        }
        return released;
    }

    /**
     * The stored answer to a repeated request; a request id already used by another command (the other of reserve
     * and release, or a sharing set) is refused (not stored), so a release can never be answered with a reserve's
     * "accepted".
     */
    private Optional<CommandAnswer> repeated(String requestId, String command) {
        return memory.answer(requestId).map(a -> a.command().equals(command) ? a
                : new CommandAnswer(requestId, command, Result.REJECTED, CommandAnswer.reusedId(requestId, a.command()),
                        null));
    }

    /** The current picture of every machine, for status and diagnostics. */
    public List<CapacityPicture> pictures() {
        return machines.values().stream().map(this::picture).toList();
    }

    /** An orderly stop: open windows close now, and every open metering hour is saved. */
    public void stop(Instant at) {
        Instant t = timeline(at);
        for (MachineCapacity m : machines.values()) {
            closeHours(m, t);
            m.live.stop(t).ifPresent(this::closed);
        }
        saveOpenHours(machines.values());
    }

    private Optional<String> conflict(MachineCapacity m, TimeSpan wanted, Instant t) {
        if (!m.canBeOffered()) {
            return Optional.of("machine " + m.id() + " is " + (m.state == null ? "not known yet" : m.state)
                    + ": nothing is offered until it is back");
        }
        if (wanted.end().isAfter(t.plus(plan.horizon()))) {
            return Optional.of("ends after the forecast horizon of " + plan.horizon().toDays() + " days");
        }
        for (Reservation other : reservations) {
            if (other.machineId().equals(m.id()) && other.span().overlaps(wanted)) {
                return Optional.of("overlaps reservation " + other.id() + " (" + other.start() + " .. " + other.end() + ")");
            }
        }
        for (TimeSpan maint : m.maintenance) {
            if (maint.overlaps(wanted)) {
                return Optional.of("overlaps planned maintenance " + maint.start() + " .. " + maint.end());
            }
        }
        refreshOffered(m, t);
        boolean inside = m.calendarTime.stream().anyMatch(s -> s.encloses(wanted));
        return inside ? Optional.empty()
                : Optional.of("outside offered time: the sharing calendar does not offer all of " + wanted.start()
                        + " .. " + wanted.end());
    }

    private void afterReservationChange(MachineCapacity m) {
        m.offeredRange = null;
        refreshOffered(m, now);
        m.live.advance(now, m.offered).forEach(this::closed);
        replan(m);
    }

    /**
     * Offered time is kept for a range around now: from the start of yesterday (so an overnight span that
     * began then is whole, and forecast ids computed from span starts stay put) to the horizon's end.
     */
    private void refreshOffered(MachineCapacity m, Instant t) {
        Instant horizonEnd = t.plus(plan.horizon());
        if (!m.offeredRangeCovers(t.minus(Duration.ofHours(1)), horizonEnd.plus(Duration.ofMinutes(1)))) {
            ZonedDateTime local = t.atZone(plan.zone()).truncatedTo(ChronoUnit.DAYS).minusDays(1);
            TimeSpan range = new TimeSpan(local.toInstant(), horizonEnd.plus(Duration.ofHours(6)));
            m.offeredRange = range;
            m.calendarTime = TimeSpans.subtract(m.calendar.offered(range), m.maintenance);
            m.offered = null;
        }
        if (m.offered == null) {
            m.offered = TimeSpans.subtract(m.calendarTime, reservationSpans(m.id()));
        }
    }

    private List<TimeSpan> reservationSpans(String machineId) {
        return reservations.stream().filter(r -> r.machineId().equals(machineId)).map(Reservation::span).toList();
    }

    /** Recomputes the machine's forecast and publishes its picture when anything in it changed. */
    private void replan(MachineCapacity m) {
        refreshOffered(m, now);
        if (m.canBeOffered()) {
            Instant notBefore = m.state == MachineState.IDLE ? now : nextHour(now);
            List<TimeSpan> offered = byDay(TimeSpans.clip(m.offered,
                    new TimeSpan(m.offeredRange.start(), now.plus(plan.horizon()))));
            m.forecast = m.planner.plan(m.id(), offered, m.profile, notBefore, m.cycleSeconds(), m.spec.cavities());
        } else {
            m.forecast = List.of();
        }
        CapacityPicture picture = picture(m);
        // Nothing is published before the machine's first state: a picture without one tells the platform nothing,
        // and at every start it would replace the retained picture of the last run with an empty one.
        if (m.state != null && !picture.equals(m.published)) {
            m.published = picture;
            sink.capacity(picture);
        }
    }

    /**
     * Offered time longer than a day (a calendar open around the clock) is cut at local midnights: the
     * platform gets day-sized windows with their own confidence, and each keeps its id from its own day
     * rather than from wherever the planning range happens to begin. Spans up to a day, such as a night
     * shift from 22:00 to 06:00, stay whole.
     */
    private List<TimeSpan> byDay(List<TimeSpan> spans) {
        List<TimeSpan> out = new ArrayList<>(spans.size());
        for (TimeSpan span : spans) {
            if (span.duration().compareTo(Duration.ofDays(1)) <= 0) {
                out.add(span);
                continue;
            }
            Instant cursor = span.start();
            while (cursor.isBefore(span.end())) {
                Instant midnight = cursor.atZone(plan.zone()).toLocalDate().plusDays(1).atStartOfDay(plan.zone()).toInstant();
                Instant end = midnight.isBefore(span.end()) ? midnight : span.end();
                out.add(new TimeSpan(cursor, end));
                cursor = end;
            }
        }
        return out;
    }

    private CapacityPicture picture(MachineCapacity m) {
        List<Reservation> own = reservations.stream()
                .filter(r -> r.machineId().equals(m.id()) && r.end().isAfter(now)).toList();
        return new CapacityPicture(m.id(), m.state, m.live.open().orElse(null), m.forecast, own);
    }

    private Instant nextHour(Instant t) {
        return t.atZone(plan.zone()).truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant();
    }

    /**
     * Accounts the machine's time up to {@code t} (the engine's now) and publishes the hours that ended. Reservations
     * move on first, so one that began or ended in a closing hour has its share in it; that includes the hour a
     * restart closed, whichever comes first after the start: a tick, a state or the stop.
     */
    private void closeHours(MachineCapacity m, Instant t) {
        if (m.delivery != null) {
            m.delivery.advance(t);
        }
        lifecycle(m);
        emitBuckets(m, m.meter.advance(t));
    }

    private void emitBuckets(MachineCapacity m, List<MeterBucket> buckets) {
        if (buckets.isEmpty()) {
            return;
        }
        for (MeterBucket b : buckets) {
            sink.metered(b.withReservations(shares(m, b)));
            m.profile.learn(b);
        }
        // Saved at once: a crash before the next periodic save must not close (and publish) these hours again, nor
        // give their shares again to the next hour.
        saveOpenHours(List.of(m));
        memory.saveProfile(m.id(), m.profile.snapshot());
        replan(m);
    }

    private void closed(LiveWindow w) {
        LOG.info("{}: idle window closed, {} .. {} ({} s, {})", w.machineId(), w.start(), w.end(),
                w.duration().toSeconds(), w.closedBy());
        sink.windowClosed(w);
    }

    private void saveOpenHours(Collection<MachineCapacity> which) {
        memory.saveOpenHours(which.stream().map(m -> new OpenHour(m.meter.snapshot(),
                m.delivery == null ? null : m.delivery.snapshot(), m.owed)).toList());
        which.forEach(m -> m.unsaved = false);
    }

    /**
     * Moves the machine's reservations on: the running one ends at its end, a booked one becomes active at its
     * start (or, when the agent was not running in all of its time, is missed at once).
     */
    private void lifecycle(MachineCapacity m) {
        if (m.delivery != null && !now.isBefore(m.delivery.reservation().end())) {
            ended(m, m.delivery);
            sink.reservations(m.id(), current(m));
        }
        for (Reservation r : List.copyOf(reservations)) {
            if (!r.machineId().equals(m.id()) || status(r) != ReservationStatus.BOOKED || now.isBefore(r.start())) {
                continue;
            }
            Instant from = observedSince.isAfter(r.start()) ? observedSince : r.start();
            Delivery d = Delivery.begin(r, from, m.state, m.reason);
            // A job value is reported when it changes: the job running at the start was read before it.
            m.jobs.forEach(d::onJob);
            // A machine that reports part counters delivers 0 good parts, not unknown, when it makes none.
            if (m.meter.reportsGoodParts()) {
                d.onGoodParts(0);
            }
            if (m.meter.reportsBadParts()) {
                d.onBadParts(0);
            }
            d.advance(now);
            if (!now.isBefore(r.end())) {
                // Begun and ended between two ticks: by what was observed of it, as any reservation ends; a tick
                // late by hours (a process frozen, a host suspended) is observed time, a stop or a clock step not.
                if (from.isBefore(r.end())) {
                    ended(m, d);
                } else {
                    finish(m, d, ReservationStatus.MISSED, r.end(), unobserved);
                }
            } else {
                m.delivery = d;
                move(r, ReservationStatus.ACTIVE, false, "its time began");
                tellRisk(m, d);
                m.unsaved = true;
            }
            sink.reservations(m.id(), current(m));
        }
    }

    /** Ends a delivery at its reservation's end: completed when the machine produced in it, else missed. */
    private void ended(MachineCapacity m, Delivery d) {
        boolean produced = d.produced();
        finish(m, d, produced ? ReservationStatus.COMPLETED : ReservationStatus.MISSED, d.reservation().end(),
                produced ? "its time ended" : "its time ended and the machine produced nothing in it");
    }

    /** Ends a delivery: the platform hears its risk cleared, its end and its report. */
    private void finish(MachineCapacity m, Delivery d, ReservationStatus end, Instant at, String why) {
        Reservation r = d.reservation();
        if (d.atRisk()) {
            d.told(false);
            sink.reservationChanged(new ReservationEvent(ReservationEvent.AT_RISK, r, ReservationStatus.ACTIVE, false,
                    "the reservation ended"));
        }
        DeliveryReport report = d.finish(end, at, m.spec.cavities());
        if (m.delivery == d) {
            m.delivery = null;
        }
        // Owed with the open hour, and saved with it (by the tick, once the meter has given up any hour a restart
        // closed): the share of the hours not closed yet outlives the account.
        m.owed.add(d.owed());
        m.unsaved = true;
        sink.delivered(report);
        if (end != ReservationStatus.RELEASED) {
            move(r, end, false, why);
        } else {
            sink.reservationChanged(ReservationEvent.moved(r, end, false, why));
        }
        LOG.info("{}: reservation {} {}: {} cycles, {} ms unknown of {} .. {}", m.id(), r.id(), end.wire(),
                report.cycles(), report.unknownMillis(), report.start(), report.end());
    }

    /** Stores a new status durably, then tells the platform. */
    private void move(Reservation r, ReservationStatus to, boolean atRisk, String why) {
        memory.saveStatus(r.id(), to);
        statuses.put(r.id(), to);
        sink.reservationChanged(ReservationEvent.moved(r, to, atRisk, why));
    }

    /** Tells the platform when the running reservation's machine stops being able to deliver, or is able again. */
    private void tellRisk(MachineCapacity m, Delivery d) {
        boolean risk = Delivery.atRisk(m.state);
        if (risk == d.atRisk()) {
            return;
        }
        d.told(risk);
        String why = risk ? "machine is " + m.state + ": " + m.reason : "machine is " + m.state + " again";
        LOG.warn("{}: reservation {} {}: {}", m.id(), d.reservation().id(), risk ? "at risk" : "no longer at risk", why);
        sink.reservationChanged(new ReservationEvent(ReservationEvent.AT_RISK, d.reservation(), ReservationStatus.ACTIVE,
                risk, why));
        sink.reservations(m.id(), current(m));
    }

    private ReservationStatus status(Reservation r) {
        return statuses.getOrDefault(r.id(), ReservationStatus.BOOKED);
    }

    private List<CurrentReservation> current(MachineCapacity m) {
        return reservations.stream().filter(r -> r.machineId().equals(m.id()) && status(r).isCurrent())
                .map(r -> new CurrentReservation(r, status(r),
                        m.delivery != null && m.delivery.reservation().id().equals(r.id()) && m.delivery.atRisk()))
                .toList();
    }

    /**
     * Each reservation's share of a closing hour: its time in it, and what was made for it since the last hour
     * closed. Ended reservations go first, then the running one; an ended one is owed nothing once its time is
     * behind the hour.
     */
    private List<ReservationShare> shares(MachineCapacity m, MeterBucket hour) {
        List<ReservationShare> out = new ArrayList<>();
        for (OwedShare o : m.owed) {
            o.shareOf(hour, m.spec.cavities()).ifPresent(out::add);
        }
        List<OwedShare> still = m.owed.stream().filter(o -> o.end().isAfter(hour.end())).map(OwedShare::billed).toList();
        m.owed.clear();
        m.owed.addAll(still);
        if (m.delivery != null) {
            m.delivery.owed().shareOf(hour, m.spec.cavities()).ifPresent(out::add);
            m.delivery.billed();
        }
        return out;
    }

    private void prune() {
        memory.prune(now.minus(KEEP_ANSWERS));
        reservations.removeIf(r -> r.end().isBefore(now.minus(KEEP_ANSWERS)));
        statuses.keySet().removeIf(id -> reservations.stream().noneMatch(r -> r.id().equals(id)));
    }

    /**
     * Events are placed on the engine's timeline, which only the tick moves: a wall clock that stepped
     * between two ticks must not carry a state's time across the step before {@link ClockWatch} sees it.
     */
    private Instant timeline(Instant at) {
        return now == null ? at : now;
    }

    private CommandAnswer reject(ReserveRequest request, String why) {
        return answer(request, Result.REJECTED, why, null);
    }

    private CommandAnswer answer(ReserveRequest request, Result result, String reason, Reservation r) {
        CommandAnswer a = new CommandAnswer(request.requestId(), "reserve", result, reason, r);
        memory.record(a, timeline(now));
        LOG.info("{}: reserve request {} {}: {}", request.machineId(), request.requestId(),
                result.name().toLowerCase(Locale.ROOT), reason);
        return a;
    }

    /** The same request id always gives the same reservation id, even if the first answer was lost. */
    private static String reservationId(String requestId) {
        return "res-" + UUID.nameUUIDFromBytes(requestId.getBytes(StandardCharsets.UTF_8));
    }
}
