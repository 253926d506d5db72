/**
 * What every driver composes rather than writes again: {@link io.edgeagent.drivers.support.DriverLifecycle} (the
 * order of subscribe, open and close, the health and handing readings to the sink) and
 * {@link io.edgeagent.drivers.support.DriverTasks} (where the driver's work runs, and its retries after the one
 * back-off). A driver adds only its protocol's I/O and decoding.
 */
package io.edgeagent.drivers.support;
