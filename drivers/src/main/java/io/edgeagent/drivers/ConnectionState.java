package io.edgeagent.drivers;

/** Where a driver's link to its machine stands. Only {@link #CONNECTED} means readings can flow. */
public enum ConnectionState {
    /** Opened, trying to reach the machine for the first time or again after a loss. */
    CONNECTING,
    CONNECTED,
    /** The link was lost or never came up; the driver keeps retrying by itself. */
    DISCONNECTED,
    /** Closed by the agent; no further readings. */
    CLOSED
}
