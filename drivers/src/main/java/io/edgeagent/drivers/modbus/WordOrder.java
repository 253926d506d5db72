package io.edgeagent.drivers.modbus;

/**
 * How a value wider than one register is laid out, named by where the bytes of the big-endian value
 * {@code A B C D} (A most significant) land in the registers read in address order. The same letters extend
 * to 64-bit values (ABCD means big-endian throughout; CDAB swaps each pair of words, and so on).
 */
public enum WordOrder {
    /** Big-endian words, big-endian bytes: the Modbus default ("high word first"). */
    ABCD,
    /** Low word first, big-endian bytes: common on PLCs that store 32-bit values little-endian by word. */
    CDAB,
    /** High word first, bytes swapped inside each register. */
    BADC,
    /** Fully little-endian: low word first, bytes swapped. */
    DCBA
}
