package io.edgeagent.drivers.gpio;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.Driver;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.ReadingSink;
import io.edgeagent.drivers.SignalSpec;
import io.edgeagent.drivers.net.RetryBackoff;
import io.edgeagent.drivers.support.DriverLifecycle;
import io.edgeagent.drivers.support.DriverTasks;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one machine's digital inputs on the agent's {@link GpioBoard}: for legacy machines whose only outputs are a
 * stack light, a fault contact and a cycle pulse. {@link InputMode#LEVEL} inputs report {@code Boolean} active once
 * when opened and on every debounced change; {@link InputMode#PULSES} inputs report a {@code Long} count of
 * activations, {@code 0} when opened, so the agent measures cycles and cycle time from its increments. A reading's
 * source time is when its level was first seen, not when debounce confirmed it.
 *
 * <p>Threads: the driver owns one thread, {@code gpio-<machineId>}. Pi4J's edge events are handed to it with the
 * moment they arrived; it debounces, counts and reports. When a change has been pending for its debounce time, the
 * driver reads the pin again rather than trust that no edge went missing. It also reads every pin once per second
 * and feeds that level like an event, because Pi4J 2.8.0's gpiod inputs may never start delivering events (Pi4J
 * issue #455): a level change is then still seen within a second plus debounce, though a pulse shorter than that is
 * lost.
 *
 * <p>Health: CONNECTING from {@link #open} until every pin is open, then CONNECTED. A pin that cannot be opened
 * (busy, no permission) or read makes it DISCONNECTED with a one-line reason naming the pin; the driver tries to
 * open it again after 1 s, doubling to 30 s with jitter, and the other pins keep reporting meanwhile.
 */
public final class GpioDriver implements Driver<GpioSignal> {

    private static final Logger log = LoggerFactory.getLogger(GpioDriver.class);

    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    /** Changes seen only by polling before we call the events silent: the first can race an event in flight. */
    private static final int POLLED_CHANGES_BEFORE_WARNING = 2;

    private final String machineId;
    private final GpioBoard board;
    private final Duration pollInterval;
    private final Duration firstRetry;
    private final DriverLifecycle lifecycle;

    // Set once, under the lifecycle's lock by subscribe and open, before the driver thread starts; only read after.
    private List<Input> inputs;
    private GpioBoard.Claim claim;
    // Pi4J's threads hand edges to it.
    private volatile DriverTasks tasks;

    public GpioDriver(String machineId, GpioBoard board) {
        this(machineId, board, Clock.systemUTC());
    }

    /** @param clock stamps readings and health changes */
    public GpioDriver(String machineId, GpioBoard board, Clock clock) {
        this(machineId, board, clock, POLL_INTERVAL, RetryBackoff.MACHINE_FIRST);
    }

    /** @param firstRetry the first delay before a pin that did not open is tried again; doubling to 30 s */
    GpioDriver(String machineId, GpioBoard board, Clock clock, Duration pollInterval, Duration firstRetry) {
        this.lifecycle = new DriverLifecycle(machineId, clock);
        this.machineId = machineId;
        this.board = Objects.requireNonNull(board, "board");
        if (pollInterval.isNegative() || pollInterval.isZero() || firstRetry.isNegative() || firstRetry.isZero()) {
            throw new IllegalArgumentException("poll and retry intervals must be positive");
        }
        this.pollInterval = pollInterval;
        this.firstRetry = firstRetry;
    }

    @Override
    public String machineId() {
        return machineId;
    }

    /**
     * Checks the signals and claims their pins on the board, so that a conflict fails before anything is opened.
     * Call once.
     *
     * @throws IllegalArgumentException naming the signals and the pin when two signals share a pin or a name, or
     *                                  naming both machines when another machine holds one of the pins; nothing is
     *                                  claimed then
     */
    @Override
    public void subscribe(Collection<GpioSignal> signals, ReadingSink readingSink) {
        Objects.requireNonNull(signals, "signals");
        List<GpioSignal> checked = SignalSpec.distinctNames(machineId, signals);
        Map<Integer, GpioSignal> byPin = new HashMap<>();
        for (GpioSignal signal : checked) {
            GpioSignal other = byPin.putIfAbsent(signal.pin(), signal);
            if (other != null) {
                throw new IllegalArgumentException("machine " + machineId + ": signals '" + other.name() + "' and '"
                        + signal.name() + "' both use pin " + signal.pin());
            }
        }
        lifecycle.subscribe(readingSink, () -> {
            claim = board.claim(machineId, checked);
            inputs = checked.stream().map(Input::new).toList();
        });
    }

    /** Opens the pins on the driver thread and starts polling; returns at once. */
    @Override
    public void open() {
        lifecycle.open(() -> {
            // Stopping it drops pending confirmations, retries and polls but lets queued events finish.
            tasks = new DriverTasks("gpio-" + machineId, machineId,
                    new RetryBackoff(firstRetry, RetryBackoff.MACHINE_MAX, Math::random));
            log.info("{}: opening {} GPIO inputs on pins {} of {}", machineId, inputs.size(), pins(), board);
            tasks.execute(this::openPins);
            tasks.every(pollInterval, this::poll);
        });
    }

    @Override
    public DriverHealth health() {
        return lifecycle.health();
    }

    /** Stops the driver thread, detaches from the pins and releases them; returns within about three seconds. */
    @Override
    public void close() {
        lifecycle.close(this::stop);
    }

    private void stop() {
        if (tasks != null && !tasks.stop(CLOSE_WAIT)) {
            log.warn("{}: driver thread did not stop within {} ms; interrupted it", machineId, CLOSE_WAIT.toMillis());
        }
        if (inputs != null) {
            inputs.forEach(this::detach);
        }
        if (claim != null) {
            claim.release();
            log.info("{}: pins {} released", machineId, pins());
        }
    }

    // --- driver thread -------------------------------------------------------------------------------------

    /** Opens the pins that are not open; tries again after the back-off while any is left. */
    private void openPins() {
        for (Input input : inputs) {
            if (input.io == null) {
                openPin(input);
            }
        }
        if (inputs.stream().allMatch(input -> input.io != null)) {
            tasks.resetBackoff();
        } else {
            tasks.retry(this::openPins);
        }
        updateHealth();
    }

    private void openPin(Input input) {
        DigitalInput io;
        try {
            io = board.input(claim, input.signal);
        } catch (RuntimeException e) {
            log.debug("{}: cannot open pin {}", machineId, input.signal.pin(), e);
            fault(input, "cannot open: " + GpioBoard.describe(e), true);
            return;
        }
        // Listening before the first read: an edge in between is queued behind this task, not lost.
        DigitalStateChangeListener listener = event -> onEvent(input, event.state());
        io.addListener(listener);
        boolean high;
        try {
            high = read(io);
        } catch (RuntimeException e) {
            io.removeListener(listener);
            fault(input, "cannot read: " + GpioBoard.describe(e), true);
            return;
        }
        input.filter = new InputFilter(input.signal, now(), high);
        input.lastHigh = high;
        input.listener = listener;
        input.io = io;
        clearFault(input);
        report(input);
    }

    private void poll() {
        for (Input input : inputs) {
            if (input.io == null) {
                continue;
            }
            Boolean high = readOrFault(input);
            if (high == null) {
                continue;
            }
            if (high != input.lastHigh && !input.eventsSeen) {
                noteChangeOnlyPolled(input);
            }
            feed(input, now(), high);
        }
        updateHealth();
    }

    private void onEdge(Input input, Moment at, boolean high) {
        if (input.filter == null) {
            return;
        }
        input.eventsSeen = true;
        feed(input, at, high);
    }

    /** A change has been pending for its debounce time: the pin, read now, decides. */
    private void confirm(Input input) {
        if (input.io == null) {
            return;
        }
        Boolean high = readOrFault(input);
        if (high != null) {
            feed(input, now(), high);
        }
        updateHealth();
    }

    private void feed(Input input, Moment at, boolean high) {
        input.lastHigh = high;
        switch (input.filter.sample(at, high)) {
            case NOTHING -> {
            }
            case CONFIRM_LATER -> tasks.schedule(() -> confirm(input),
                    Duration.ofNanos(input.filter.confirmDueNanos() - System.nanoTime()));
            case REPORT -> report(input);
        }
    }

    private Boolean readOrFault(Input input) {
        try {
            boolean high = read(input.io);
            clearFault(input);
            return high;
        } catch (RuntimeException e) {
            fault(input, "cannot read: " + GpioBoard.describe(e), false);
            return null;
        }
    }

    private void noteChangeOnlyPolled(Input input) {
        input.changesOnlyPolled++;
        if (input.changesOnlyPolled == POLLED_CHANGES_BEFORE_WARNING) {
            log.warn("{}: pin {} (signal '{}'): Pi4J delivers no change events, only polling sees changes; levels"
                    + " are followed every {} ms, shorter pulses are lost", machineId, input.signal.pin(),
                    input.signal.name(), pollInterval.toMillis());
        }
    }

    private void fault(Input input, String what, boolean retrying) {
        String fault = "pin " + input.signal.pin() + " (signal '" + input.signal.name() + "'): " + what;
        if (!fault.equals(input.fault)) {
            log.warn("{}: {}{}", machineId, fault, retrying ? " (retrying every " + tasks.retrySpan() + ")" : "");
        }
        input.fault = fault;
    }

    private void clearFault(Input input) {
        if (input.fault != null) {
            log.info("{}: pin {} (signal '{}') works now", machineId, input.signal.pin(), input.signal.name());
            input.fault = null;
        }
    }

    private void updateHealth() {
        List<String> faults = inputs.stream().map(input -> input.fault).filter(Objects::nonNull).toList();
        if (faults.isEmpty()) {
            if (lifecycle.health().state() != ConnectionState.CONNECTED && !lifecycle.isClosed()) {
                log.info("{}: reading {} GPIO inputs", machineId, inputs.size());
            }
            lifecycle.report(ConnectionState.CONNECTED, null);
        } else {
            String more = faults.size() > 1 ? " (and " + (faults.size() - 1) + " more pins)" : "";
            lifecycle.report(ConnectionState.DISCONNECTED, faults.get(0) + more);
        }
    }

    private void report(Input input) {
        Object value = input.filter.value();
        log.debug("{}: {} = {}", machineId, input.signal.name(), value);
        lifecycle.deliver(Reading.good(machineId, input.signal.name(), value, input.filter.since().instant()));
    }

    // --- any thread ----------------------------------------------------------------------------------------

    /** Pi4J calls this on its own thread (the mock platform: on the thread that set the state). */
    private void onEvent(Input input, DigitalState state) {
        if (state == DigitalState.UNKNOWN) {
            return;
        }
        Moment at = now();
        boolean high = state == DigitalState.HIGH;
        tasks.execute(() -> onEdge(input, at, high));
    }

    private void detach(Input input) {
        DigitalInput io = input.io;
        DigitalStateChangeListener listener = input.listener;
        if (io == null || listener == null) {
            return;
        }
        try {
            io.removeListener(listener);
        } catch (RuntimeException e) {
            log.debug("{}: detaching from pin {} failed: {}", machineId, input.signal.pin(), GpioBoard.describe(e));
        }
    }

    private Moment now() {
        return new Moment(System.nanoTime(), lifecycle.now());
    }

    private List<Integer> pins() {
        return inputs.stream().map(input -> input.signal.pin()).sorted().toList();
    }

    private static boolean read(DigitalInput io) {
        DigitalState state = io.state();
        if (state != DigitalState.HIGH && state != DigitalState.LOW) {
            throw new IllegalStateException("Pi4J reports the level as " + state);
        }
        return state == DigitalState.HIGH;
    }



    /** One signal's pin and what the driver knows about it. */
    private static final class Input {

        final GpioSignal signal;
        // Written on the driver thread; read by close() once that thread has stopped, or given up on.
        volatile DigitalInput io;
        volatile DigitalStateChangeListener listener;
        // Confined to the driver thread.
        InputFilter filter;
        boolean lastHigh;
        boolean eventsSeen;
        int changesOnlyPolled;
        String fault;

        Input(GpioSignal signal) {
            this.signal = signal;
        }
    }
}
