package io.edgeagent.drivers.sim.cnc;

/**
 * How the simulated control lays out its 32-bit values in two registers, named by where the bytes of the
 * big-endian value {@code A B C D} land in address order: the four layouts real controls use. The driver has its own
 * {@code modbus.WordOrder} with the same names, since a simulator stands for a control, which knows nothing of the
 * driver that reads it; a test sets both to the same name.
 */
public enum WordOrder {
    /** High word first, bytes as transmitted: the Modbus default. */
    ABCD,
    /** Low word first. */
    CDAB,
    /** High word first, bytes swapped inside each register. */
    BADC,
    /** Low word first, bytes swapped. */
    DCBA
}
