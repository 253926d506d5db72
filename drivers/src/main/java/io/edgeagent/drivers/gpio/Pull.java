package io.edgeagent.drivers.gpio;

/** The pin's internal resistor: which level an open contact reads as. */
public enum Pull {
    UP,
    DOWN,
    /** No internal resistor: the wiring provides the level. */
    OFF
}
