/**
 * A machine's state (RUNNING, IDLE, SETUP, DOWN, MAINTENANCE, OFFLINE) worked out from its signals by the
 * configured rules, with a dwell time against flicker and an explanation of every decision. Plain Java over
 * values and an injected clock: no I/O, no threads, tested without sleeping.
 */
package io.edgeagent.agent.state;
