package io.edgeagent.drivers.gpio;

import com.pi4j.Pi4J;
import com.pi4j.boardinfo.definition.BoardModel;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.PullResistance;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GPIO header of the computer the agent runs on: owns the agent's one Pi4J {@link Context}, which every GPIO
 * machine shares, and decides which machine may use which pin.
 *
 * <p>Create it once with {@link #detect()} on a Raspberry Pi (or {@link #using} with Pi4J's mock platform in tests),
 * hand it to every {@link GpioDriver}, and close it after those drivers.
 *
 * <p>Pins: a machine claims its pins when its driver subscribes and releases them when the driver closes, so one pin
 * can never feed two machines. The Pi4J input of a pin, once opened, stays open until the board closes, and the next
 * machine to claim the pin reuses it: Pi4J 2.8.0's gpiod provider does not release a line when its input shuts
 * down (Pi4J issues #440 and #485), so opening the pin again in the same context would fail with "Device or resource
 * busy" and a configuration reload would lose the machine. Only a pull change needs a new input; with gpiod that
 * takes a restart of the agent, and the driver's health says so.
 *
 * <p>One board from {@link #detect()} at a time per process: Pi4J's gpiod library keeps the GPIO chip in a
 * process-wide singleton, so closing a second board would close the chip under the first. Thread-safe.
 */
public final class GpioBoard implements AutoCloseable {

    /**
     * Pi4J's gpiod digital input provider: reads the Linux GPIO character device, so it works on the Pi 4 and the
     * Pi 5 alike, without root and without the pigpio daemon (which cannot drive the Pi 5's RP1 chip). Pi4J's
     * {@code raspberrypi-digital-input} is only a placeholder that always reads low.
     */
    public static final String GPIOD_INPUT_PROVIDER = "gpiod-digital-input";

    private static final Logger log = LoggerFactory.getLogger(GpioBoard.class);
    private static final AtomicBoolean hardwareInUse = new AtomicBoolean();

    private final Context context;
    private final String providerId;
    private final String board;
    private final boolean ownsHardware;
    // Guarded by this.
    private final Map<Integer, Claim> claims = new HashMap<>();
    private final Map<Integer, OpenInput> inputs = new HashMap<>();
    private boolean closed;

    private GpioBoard(Context context, String providerId, String board, boolean ownsHardware) {
        this.context = context;
        this.providerId = providerId;
        this.board = board;
        this.ownsHardware = ownsHardware;
    }

    /**
     * Starts Pi4J on this Raspberry Pi (4 or 5) with its gpiod provider.
     *
     * @throws GpioUnavailableException when this computer has no GPIO the agent can use; the message is one line
     *                                  that names the cause and the fix
     * @throws IllegalStateException    while a board from an earlier call is still open
     */
    public static GpioBoard detect() throws GpioUnavailableException {
        return detect(HostProbe.system(), GpioBoard::startPi4j, GPIOD_INPUT_PROVIDER);
    }

    static GpioBoard detect(HostProbe host, Supplier<Context> pi4j, String providerId)
            throws GpioUnavailableException {
        String model = host.check();
        if (!hardwareInUse.compareAndSet(false, true)) {
            throw new IllegalStateException("a GPIO board is already open in this process: close it before detecting"
                    + " again");
        }
        try {
            return start(host, model, pi4j, providerId);
        } catch (GpioUnavailableException | RuntimeException e) {
            hardwareInUse.set(false);
            throw e;
        }
    }

    private static GpioBoard start(HostProbe host, String model, Supplier<Context> pi4j, String providerId)
            throws GpioUnavailableException {
        host.kernel().filter(HostProbe::olderThanGpiodNeeds).ifPresent(kernel -> log.warn(
                "GPIO: kernel {} is older than {}, which Pi4J's gpiod provider needs: if inputs stay silent, update"
                        + " the system (apt full-upgrade)", kernel, versionText(HostProbe.GPIOD_MIN_KERNEL)));
        Context context;
        try {
            context = pi4j.get();
        } catch (RuntimeException e) {
            throw new GpioUnavailableException("GPIO on " + model + ": Pi4J did not start: " + describe(e), e);
        }
        if (!context.providers().exists(providerId)) {
            shutdownQuietly(context);
            throw new GpioUnavailableException("GPIO on " + model + ": Pi4J has no provider " + providerId
                    + ": the agent needs pi4j-plugin-gpiod on its class path");
        }
        log.info("GPIO: {} through Pi4J provider {}", model, providerId);
        return new GpioBoard(context, providerId, model, true);
    }

    /**
     * A board on a context built elsewhere, such as Pi4J's mock platform in tests and simulators. The board owns the
     * context from now on and shuts it down on {@link #close()}.
     *
     * @param providerId the digital input provider every pin is opened with
     * @throws IllegalArgumentException when the context has no such provider
     */
    public static GpioBoard using(Context context, String providerId) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(providerId, "providerId");
        if (!context.providers().exists(providerId)) {
            throw new IllegalArgumentException("Pi4J context has no provider '" + providerId + "'; it has "
                    + context.providers().all().keySet());
        }
        return new GpioBoard(context, providerId, "Pi4J context", false);
    }

    /** The Pi4J digital input provider every pin is opened with. */
    public String providerId() {
        return providerId;
    }

    /** Claimed pins and the machine holding each, in pin order. */
    public synchronized SortedMap<Integer, String> claimedPins() {
        SortedMap<Integer, String> owners = new TreeMap<>();
        claims.forEach((pin, claim) -> owners.put(pin, claim.machineId));
        return owners;
    }

    /**
     * Shuts Pi4J down, which releases every pin. Close the drivers first: their inputs stop with the context. With
     * gpiod each open input may take up to half a second to stop.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            claims.clear();
            inputs.clear();
        }
        shutdownQuietly(context);
        if (ownsHardware) {
            hardwareInUse.set(false);
        }
        log.info("GPIO: {} closed", board);
    }

    @Override
    public String toString() {
        return board + " (" + providerId + ")";
    }

    /**
     * Claims every pin of the signals for one machine, all or none.
     *
     * @throws IllegalArgumentException naming both machines when a pin is already claimed
     */
    synchronized Claim claim(String machineId, Collection<GpioSignal> signals) {
        ensureOpen();
        Map<Integer, String> wanted = new LinkedHashMap<>();
        for (GpioSignal signal : signals) {
            Claim holder = claims.get(signal.pin());
            if (holder != null) {
                throw new IllegalArgumentException("machine " + machineId + ", signal '" + signal.name() + "': pin "
                        + signal.pin() + " is already used by machine " + holder.machineId + " (signal '"
                        + holder.signals.get(signal.pin()) + "')");
            }
            wanted.put(signal.pin(), signal.name());
        }
        Claim claim = new Claim(machineId, wanted);
        wanted.keySet().forEach(pin -> claims.put(pin, claim));
        return claim;
    }

    /**
     * The Pi4J input for a claimed pin, opened with the signal's pull on first use.
     *
     * @throws RuntimeException from Pi4J when the pin cannot be opened (busy, no permission)
     */
    synchronized DigitalInput input(Claim claim, GpioSignal signal) {
        ensureOpen();
        int pin = signal.pin();
        if (claims.get(pin) != claim) {
            throw new IllegalStateException("pin " + pin + " is not claimed by machine " + claim.machineId);
        }
        OpenInput open = inputs.get(pin);
        if (open != null && open.pull == signal.pull()) {
            return open.input;
        }
        if (open == null) {
            return create(pin, signal.pull());
        }
        inputs.remove(pin);
        context.shutdown(open.input.id());
        try {
            return create(pin, signal.pull());
        } catch (RuntimeException e) {
            throw new IllegalStateException("pull changed from " + open.pull + " to " + signal.pull()
                    + " but the pin did not reopen (" + describe(e) + "): restart the agent to apply it", e);
        }
    }

    /** One line for a status line: the innermost message, which names the real cause. */
    static String describe(Throwable failure) {
        Throwable innermost = failure;
        String message = null;
        Throwable t = failure;
        // Bounded: a cause chain can loop.
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            innermost = t;
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        String text = message != null ? message : innermost.getClass().getSimpleName();
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    static String ioId(int pin) {
        return "gpio-in-" + pin;
    }

    private DigitalInput create(int pin, Pull pull) {
        // Pi4J's own debounce stays off: ours works the same on every provider and in tests.
        DigitalInput input = context.create(DigitalInput.newConfigBuilder(context)
                .id(ioId(pin))
                .name("GPIO " + pin + " input")
                .address(pin)
                .pull(pi4jPull(pull))
                .debounce(0L)
                .provider(providerId)
                .build());
        inputs.put(pin, new OpenInput(input, pull));
        return input;
    }

    private synchronized void release(Claim claim) {
        claims.values().removeIf(held -> held == claim);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("GPIO board " + board + " is closed");
        }
    }

    private static PullResistance pi4jPull(Pull pull) {
        return switch (pull) {
            case UP -> PullResistance.PULL_UP;
            case DOWN -> PullResistance.PULL_DOWN;
            case OFF -> PullResistance.OFF;
        };
    }

    private static Context startPi4j() {
        Context context = Pi4J.newContextBuilder().autoDetect().build();
        if (context.boardInfo().getBoardModel() == BoardModel.UNKNOWN) {
            shutdownQuietly(context);
            throw new IllegalStateException("Pi4J 2.8.0 does not know this board model, so its gpiod provider would"
                    + " find no GPIO chip");
        }
        return context;
    }

    private static void shutdownQuietly(Context context) {
        try {
            context.shutdown();
        } catch (RuntimeException e) {
            log.warn("GPIO: Pi4J did not shut down cleanly: {}", describe(e));
        }
    }

    private static String versionText(List<Integer> version) {
        return version.stream().map(String::valueOf).reduce((a, b) -> a + "." + b).orElse("");
    }

    private record OpenInput(DigitalInput input, Pull pull) {
    }

    /** One machine's hold on its pins, from its driver's subscribe until its close. */
    final class Claim {

        private final String machineId;
        private final Map<Integer, String> signals;

        private Claim(String machineId, Map<Integer, String> signals) {
            this.machineId = machineId;
            this.signals = Map.copyOf(signals);
        }

        void release() {
            GpioBoard.this.release(this);
        }
    }
}
