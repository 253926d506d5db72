package io.edgeagent.drivers.gpio;

/**
 * This computer cannot read GPIO inputs: it has no GPIO chip, is not a Raspberry Pi, the agent may not open the GPIO
 * device, or Pi4J cannot start. The message is one line naming the cause and, where there is one, the fix, fit to
 * show an installer as it is.
 *
 * <p>Checked on purpose: it describes the installation, not a bug, and the agent has to decide what it means for
 * its configuration (refuse a config with GPIO machines, or report those machines offline and run the rest).
 */
public final class GpioUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public GpioUnavailableException(String message) {
        super(message);
    }

    GpioUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
