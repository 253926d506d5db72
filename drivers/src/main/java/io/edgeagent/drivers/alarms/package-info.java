/**
 * Alarm texts for machines that report alarms as numbers: a register holding the code of the active alarm, bits of a
 * register, a coil or a GPIO input that are set while an alarm holds. {@link io.edgeagent.drivers.alarms.AlarmWord}
 * turns one such value into the machine's active alarms; {@link io.edgeagent.drivers.alarms.AlarmWatch} watches the
 * readings of those values and reports each raise and clear as an {@link io.edgeagent.drivers.Alarm}, the same
 * record an OPC UA machine's conditions arrive as. Protocol-neutral: it sees readings, never registers or pins.
 */
package io.edgeagent.drivers.alarms;
