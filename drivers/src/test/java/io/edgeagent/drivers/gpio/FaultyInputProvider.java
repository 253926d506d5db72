package io.edgeagent.drivers.gpio;

import com.pi4j.context.Context;
import com.pi4j.exception.InitializeException;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalInputProviderBase;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mock digital inputs with the two faults a Pi shows and Pi4J's mock platform cannot: a pin that is busy (another
 * process holds the line), and inputs that never deliver change events (Pi4J gpiod bug #455) while their level does
 * change. It also counts each pin's listeners, which Pi4J does not expose.
 */
final class FaultyInputProvider extends DigitalInputProviderBase {

    static final String ID = "faulty-digital-input";

    /** Pins whose opening fails as gpiod's does when another process holds the line. */
    final Set<Integer> busy = ConcurrentHashMap.newKeySet();
    private final Map<Integer, AtomicInteger> listeners = new ConcurrentHashMap<>();
    private final boolean silent;

    /** @param silent true: inputs change level without ever firing their listeners */
    FaultyInputProvider(boolean silent) {
        super(ID, "Faulty mock digital input");
        this.silent = silent;
    }

    int listeners(int pin) {
        return listeners.getOrDefault(pin, new AtomicInteger()).get();
    }

    @Override
    public DigitalInput create(DigitalInputConfig config) {
        DigitalInput input = new FaultyInput(this, config);
        context.registry().add(input);
        return input;
    }

    private final class FaultyInput extends MockDigitalInput {

        FaultyInput(FaultyInputProvider provider, DigitalInputConfig config) {
            super(provider, config);
        }

        @Override
        public DigitalInput initialize(Context context) throws InitializeException {
            if (busy.contains(config().address())) {
                throw new InitializeException("Failed to initialize input " + id(), new IllegalStateException(
                        "c_gpiod_line_request_both_edges_events_flags failed: -1 (Device or resource busy)"));
            }
            return super.initialize(context);
        }

        @Override
        public DigitalInput addListener(DigitalStateChangeListener... added) {
            listeners.computeIfAbsent(config().address(), pin -> new AtomicInteger()).addAndGet(added.length);
            return super.addListener(added);
        }

        @Override
        public DigitalInput removeListener(DigitalStateChangeListener... removed) {
            listeners.computeIfAbsent(config().address(), pin -> new AtomicInteger()).addAndGet(-removed.length);
            return super.removeListener(removed);
        }

        @Override
        protected void dispatch(DigitalStateChangeEvent event) {
            if (!silent) {
                super.dispatch(event);
            }
        }
    }
}
