package io.edgeagent.drivers;

/** How far a reading's value can be trusted, in the three levels every industrial protocol agrees on. */
public enum Quality {
    GOOD,
    UNCERTAIN,
    BAD
}
