package io.edgeagent.drivers.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;

/** Pi4J mock platforms for the GPIO tests, and the pins the driver opened on them. */
final class MockGpio {

    private MockGpio() {
    }

    /** A context with Pi4J's own mock digital inputs, which fire listeners synchronously on every change. */
    static Context context() {
        return Pi4J.newContextBuilder()
                .add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance())
                .build();
    }

    /** A context whose only digital inputs are {@link FaultyInputProvider}'s. */
    static Context context(FaultyInputProvider provider) {
        return Pi4J.newContextBuilder()
                .add(new MockPlatform())
                .add(provider)
                .build();
    }

    static GpioBoard board(Context context) {
        return GpioBoard.using(context, MockDigitalInputProvider.ID);
    }

    /** The input the board opened for a pin; fails if it has not been opened. */
    static MockDigitalInput pin(Context context, int pin) {
        DigitalInput input = context.registry().get(GpioBoard.ioId(pin));
        return (MockDigitalInput) input;
    }

    static void set(Context context, int pin, boolean high) {
        pin(context, pin).mockState(high ? DigitalState.HIGH : DigitalState.LOW);
    }
}
