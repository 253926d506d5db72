package io.edgeagent.drivers.gpio;

import static io.edgeagent.drivers.gpio.DebouncerTest.at;
import static io.edgeagent.drivers.gpio.InputFilter.Step.CONFIRM_LATER;
import static io.edgeagent.drivers.gpio.InputFilter.Step.NOTHING;
import static io.edgeagent.drivers.gpio.InputFilter.Step.REPORT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InputFilterTest {

    private static final Duration DEBOUNCE = Duration.ofMillis(20);

    @Test
    void levelInputReportsActiveHigh() {
        InputFilter filter = new InputFilter(signal(false, InputMode.LEVEL), at(0), false);
        assertEquals(false, filter.value());

        assertEquals(CONFIRM_LATER, filter.sample(at(100), true));
        assertEquals(REPORT, filter.sample(at(120), true));
        assertEquals(true, filter.value());
        assertEquals(at(100), filter.since());
    }

    @Test
    void activeLowInvertsTheLevel() {
        InputFilter filter = new InputFilter(signal(true, InputMode.LEVEL), at(0), true);
        assertEquals(false, filter.value(), "high on an active-low contact is inactive");

        filter.sample(at(100), false);
        assertEquals(REPORT, filter.sample(at(120), false));
        assertEquals(true, filter.value(), "pulled low: active");

        InputFilter openedLow = new InputFilter(signal(true, InputMode.LEVEL), at(0), false);
        assertEquals(true, openedLow.value());
    }

    @Test
    void levelBounceIsNotReported() {
        InputFilter filter = new InputFilter(signal(false, InputMode.LEVEL), at(0), false);

        assertEquals(CONFIRM_LATER, filter.sample(at(100), true));
        assertEquals(NOTHING, filter.sample(at(103), false));
        assertEquals(NOTHING, filter.sample(at(120), false));
        assertEquals(false, filter.value());
    }

    @Test
    void pulsesCountDebouncedActivationsOnly() {
        InputFilter filter = new InputFilter(signal(false, InputMode.PULSES), at(0), false);
        assertEquals(0L, filter.value());

        // A 5 ms spike: bounce, not a cycle.
        filter.sample(at(100), true);
        assertEquals(NOTHING, filter.sample(at(105), false));
        assertEquals(0L, filter.value());

        // A real pulse: counted once it held, from its rising edge.
        assertEquals(CONFIRM_LATER, filter.sample(at(200), true));
        assertEquals(REPORT, filter.sample(at(220), true));
        assertEquals(1L, filter.value());
        assertEquals(at(200), filter.since());

        // Its release is a debounced change too, but no activation: nothing to report.
        assertEquals(CONFIRM_LATER, filter.sample(at(400), false));
        assertEquals(NOTHING, filter.sample(at(420), false));
        assertEquals(1L, filter.value());

        filter.sample(at(600), true);
        assertEquals(REPORT, filter.sample(at(620), true));
        assertEquals(2L, filter.value());
    }

    @Test
    void pulsesCountActivationsOfAnActiveLowInput() {
        InputFilter filter = new InputFilter(signal(true, InputMode.PULSES), at(0), true);

        filter.sample(at(100), false);
        assertEquals(REPORT, filter.sample(at(120), false), "pulled low: activation");
        filter.sample(at(200), true);
        assertEquals(NOTHING, filter.sample(at(220), true), "released high: no activation");
        assertEquals(1L, filter.value());
    }

    @Test
    void anInputActiveWhenOpenedCountsFromItsNextActivation() {
        InputFilter filter = new InputFilter(signal(false, InputMode.PULSES), at(0), true);
        assertEquals(0L, filter.value());

        filter.sample(at(100), false);
        assertEquals(NOTHING, filter.sample(at(120), false));
        filter.sample(at(200), true);
        assertEquals(REPORT, filter.sample(at(220), true));
        assertEquals(1L, filter.value());
    }

    private static GpioSignal signal(boolean activeLow, InputMode mode) {
        return new GpioSignal("s", 17, activeLow ? Pull.UP : Pull.DOWN, activeLow, DEBOUNCE, mode);
    }
}
