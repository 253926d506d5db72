package io.edgeagent.drivers.gpio;

/** What a digital input reports. */
public enum InputMode {
    /** Its debounced level as a Boolean (true = active), on every change: a fault contact, a stack light. */
    LEVEL,
    /**
     * The number of activations since the driver opened, as a Long, on every activation: a cycle or stroke
     * signal, whose increments give cycles and the measured cycle time.
     */
    PULSES
}
