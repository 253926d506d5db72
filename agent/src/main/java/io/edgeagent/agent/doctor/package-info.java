/**
 * {@code edge-agent doctor}'s checks of the field problems that cost engineers hours: the config, this device
 * (data dir, disk, quarantined files, clock, certificate), the serial ports, GPIO and OPC UA trust the machines
 * need, the broker's DNS and TCP, and what the running agent reports; each {@link
 * io.edgeagent.agent.doctor.Finding} carries its fix. How the agent is asked and how findings are printed is the
 * command line's ({@code cli}).
 */
package io.edgeagent.agent.doctor;
