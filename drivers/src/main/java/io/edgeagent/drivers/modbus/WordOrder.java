package io.edgeagent.drivers.modbus;

/**
 * How a value wider than one register is laid out, named by where the bytes of the big-endian value
 * {@code A B C D} (A most significant) land in the registers read in address order. The same letters extend
 * to 64-bit values {@code A..H}: ABCD is {@code AB CD EF GH}, CDAB (low word first) {@code GH EF CD AB}, BADC
 * {@code BA DC FE HG}, DCBA (fully little-endian) {@code HG FE DC BA}.
 *
 * <p>A one-register value and a string take only the byte half of the order: BADC and DCBA swap the two bytes of
 * each register, ABCD and CDAB keep them; a string's registers always stay in address order. A register bit is
 * numbered in the register as transmitted, whatever the order.
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
