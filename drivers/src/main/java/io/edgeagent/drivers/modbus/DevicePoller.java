package io.edgeagent.drivers.modbus;

import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.net.RetryBackoff;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one device (one unit id) on a {@link Link} it may share with other devices: runs the planned reads with
 * retries, decodes and filters the values, follows the device's health and schedules its next poll.
 *
 * <p>While the device answers, each read gets {@code retries} more attempts and polls follow the {@code poll}
 * period. Once a read fails every attempt the device counts as lost: the rest of the cycle is skipped, every signal
 * turns BAD, and further polls come after a growing back-off with a single attempt each, so that a dead device on a
 * shared serial line costs one timeout per back-off period rather than every cycle.
 *
 * <p>An exception response about the request (illegal address and the like) is an answer, not a failure: the
 * signal of a single-signal read turns BAD with the exception named; a coalesced read is split into its signals to
 * find the refused ones, and the {@link RequestPlanner} keeps them apart from then on. Busy and gateway
 * exceptions count as failed attempts.
 *
 * <p>All methods but {@link #stop} and the counters run on the thread that the {@link PollLoop} of the device's link
 * polls on, one poll at a time.
 */
final class DevicePoller {

    /** Receives what the poller learns; called on the polling thread. */
    interface Listener {

        void reading(Reading reading);

        void state(ConnectionState state, String fault);
    }

    private static final Logger log = LoggerFactory.getLogger(DevicePoller.class);

    private final String machineId;
    private final ModbusEndpoint endpoint;
    private final String device;
    private final List<ModbusSignal> signals;
    private final RequestPlanner planner;
    private final Map<String, ChangeFilter> filters = new HashMap<>();
    private final Map<String, String> refusals = new HashMap<>();
    private final Clock clock;
    private final Listener listener;
    private final RetryBackoff backoff;
    private final long pollNanos;
    private final AtomicLong rejectedReplies = new AtomicLong();
    private volatile boolean stopped;
    private volatile long nextDue;

    // Used by one poll at a time; the poll loop's lock orders polls that run on different threads.
    private ConnectionState state = ConnectionState.CONNECTING;
    private Instant downSince;
    private String lastFault;
    private boolean failureLogged;

    DevicePoller(String machineId, ModbusEndpoint endpoint, List<ModbusSignal> signals, Clock clock,
                 Listener listener, DoubleSupplier random) {
        this.machineId = machineId;
        this.endpoint = endpoint;
        this.device = endpoint.transport().describe() + " unit " + endpoint.unitId();
        this.signals = List.copyOf(signals);
        this.planner = new RequestPlanner(signals, endpoint.maxGap());
        this.clock = clock;
        this.listener = listener;
        this.backoff = new RetryBackoff(RetryBackoff.MACHINE_FIRST, RetryBackoff.MACHINE_MAX, random);
        this.pollNanos = endpoint.poll().toNanos();
        for (ModbusSignal signal : signals) {
            filters.put(signal.name(), new ChangeFilter(signal.deadband(), endpoint.keepAlive()));
        }
    }

    String machineId() {
        return machineId;
    }

    /** The reads of the next poll; for the first log line and tests. */
    List<ReadRequest> plan() {
        return planner.plan();
    }

    /** When the next poll is due, in {@link System#nanoTime()}. */
    long nextDue() {
        return nextDue;
    }

    void scheduleAt(long nanoTime) {
        nextDue = nanoTime;
    }

    /** Replies that did not answer their request (late or stray), discarded. */
    long rejectedReplies() {
        return rejectedReplies.get();
    }

    /** No more readings or health changes, from any thread; a transaction in flight still completes. */
    void stop() {
        stopped = true;
    }

    /** One poll cycle. Never throws: the loop that calls it must outlive any bug in here. */
    void poll(Link link) {
        try {
            for (ReadRequest request : planner.plan()) {
                read(link, request);
            }
            scheduleNextPoll();
        } catch (DeviceLost lost) {
            if (!stopped) {
                lost(lost.getMessage());
            }
        } catch (RuntimeException e) {
            if (!failureLogged) {
                failureLogged = true;
                log.error("{}: unexpected failure while polling {}; polling goes on", machineId, device, e);
            } else {
                log.debug("{}: unexpected failure while polling {}", machineId, device, e);
            }
            nextDue = System.nanoTime() + pollNanos;
        }
    }

    private void read(Link link, ReadRequest request) throws DeviceLost {
        Reply reply = exchange(link, request);
        Instant receivedAt = clock.instant();
        reachable();
        if (reply instanceof Reply.Values values) {
            for (ModbusSignal signal : request.signals()) {
                deliver(signal, Codec.sample(signal, values.values(), request.address()), receivedAt);
            }
        } else if (request.signals().size() == 1) {
            refuse(request.signals().get(0), request, ((Reply.Refused) reply).describe(), receivedAt);
        } else {
            split(link, request);
        }
    }

    /**
     * Reads each signal of a refused read alone to find the refused ones, then keeps them apart from the next plan:
     * each refused signal is read alone, and no read spans across it. When every signal reads alone, the device
     * refuses addresses between them: the read is halved, and halved again next poll if needed.
     */
    private void split(Link link, ReadRequest request) throws DeviceLost {
        RegisterArea area = request.area();
        List<ModbusSignal> refused = new ArrayList<>();
        for (ModbusSignal signal : request.signals()) {
            ReadRequest alone = ReadRequest.covering(area, List.of(signal));
            Reply reply = exchange(link, alone);
            Instant receivedAt = clock.instant();
            if (reply instanceof Reply.Values values) {
                deliver(signal, Codec.sample(signal, values.values(), alone.address()), receivedAt);
            } else {
                refuse(signal, alone, ((Reply.Refused) reply).describe(), receivedAt);
                refused.add(signal);
            }
        }
        List<Integer> starts = request.signals().stream().map(ModbusSignal::address).distinct().sorted().toList();
        if (refused.isEmpty() && starts.size() > 1) {
            planner.cut(area, starts.get(starts.size() / 2));
        }
        for (ModbusSignal signal : refused) {
            planner.isolate(signal);
            planner.cut(area, signal.address());
            starts.stream().filter(start -> start > signal.address()).findFirst()
                    .ifPresent(next -> planner.cut(area, next));
        }
        log.debug("{}: {} refused as a whole; next polls read it as {}", machineId, request.describe(),
                planner.plan().stream().filter(r -> r.area() == area && r.address() >= request.address()
                        && r.address() < request.address() + request.count()).map(ReadRequest::describe).toList());
    }

    /** Up to {@code retries + 1} attempts while the device answers, one while it is down. */
    private Reply exchange(Link link, ReadRequest request) throws DeviceLost {
        int attempts = state == ConnectionState.DISCONNECTED ? 1 : endpoint.retries() + 1;
        String fault = null;
        for (int attempt = 1; attempt <= attempts && !stopped; attempt++) {
            try {
                Reply reply = link.read(endpoint.unitId(), request.area(), request.address(), request.count(),
                        endpoint.timeout());
                if (reply instanceof Reply.Refused refused && !refused.exception().isAboutTheRequest()) {
                    fault = refused.describe() + ": " + device;
                    log.debug("{}: {} attempt {}: {}", machineId, request.describe(), attempt, fault);
                    continue;
                }
                return reply;
            } catch (IOException e) {
                if (e instanceof RejectedReplyException) {
                    rejectedReplies.incrementAndGet();
                }
                fault = Faults.describe(e, link.describe(), device);
                log.debug("{}: {} attempt {}: {}", machineId, request.describe(), attempt, fault);
            }
        }
        throw new DeviceLost(fault == null ? "stopped" : fault);
    }

    private void deliver(ModbusSignal signal, Sample sample, Instant at) {
        if (sample.quality() == Quality.GOOD && refusals.remove(signal.name()) != null) {
            log.info("{}: signal '{}' reads again", machineId, signal.name());
        }
        if (stopped || !filters.get(signal.name()).accept(sample, at)) {
            return;
        }
        listener.reading(new Reading(machineId, signal.name(), sample.value(), at, sample.quality(),
                sample.detail()));
    }

    private void refuse(ModbusSignal signal, ReadRequest request, String exception, Instant at) {
        if (!exception.equals(refusals.put(signal.name(), exception))) {
            log.warn("{}: signal '{}' ({} of {}): {}", machineId, signal.name(), request.describe(), device,
                    exception);
        }
        deliver(signal, Sample.bad(exception), at);
    }

    /** The device answered: whatever it said, it is there. */
    private void reachable() {
        if (state == ConnectionState.CONNECTED || stopped) {
            return;
        }
        if (downSince != null) {
            Duration down = Duration.between(downSince, clock.instant());
            log.info("{}: {} answers again after {} s", machineId, device, Math.max(0, down.toSeconds()));
        } else {
            log.info("{}: connected to {}", machineId, device);
        }
        state = ConnectionState.CONNECTED;
        downSince = null;
        lastFault = null;
        backoff.reset();
        listener.state(ConnectionState.CONNECTED, null);
    }

    private void lost(String fault) {
        Instant now = clock.instant();
        if (state != ConnectionState.DISCONNECTED) {
            if (state == ConnectionState.CONNECTED) {
                log.warn("{}: lost the device: {}; retrying every {}", machineId, fault, backoff.span());
            } else {
                log.warn("{}: cannot read the device: {}; retrying every {}", machineId, fault, backoff.span());
            }
            downSince = now;
            state = ConnectionState.DISCONNECTED;
            lastFault = fault;
            listener.state(ConnectionState.DISCONNECTED, fault);
            planner.forget();
            refusals.clear();
            for (ModbusSignal signal : signals) {
                deliver(signal, Sample.bad(fault), now);
            }
        } else if (!fault.equals(lastFault)) {
            log.debug("{}: still cannot read the device: {}", machineId, fault);
            lastFault = fault;
            listener.state(ConnectionState.DISCONNECTED, fault);
        }
        nextDue = System.nanoTime() + backoff.next().toNanos();
    }

    /** On the poll grid, skipping the ticks a slow cycle overran, never in the past. */
    private void scheduleNextPoll() {
        long now = System.nanoTime();
        long next = nextDue + pollNanos;
        if (next - now <= 0) {
            long behind = now - nextDue;
            next = nextDue + (behind / pollNanos + 1) * pollNanos;
        }
        nextDue = next;
    }

    /** Every attempt of a read failed: the device is not answering. */
    private static final class DeviceLost extends Exception {

        DeviceLost(String fault) {
            super(fault, null, false, false);
        }
    }
}
