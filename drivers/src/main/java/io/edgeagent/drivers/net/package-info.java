/**
 * What every client of a peer over the network shares, the drivers and the agent's MQTT uplink alike: the back-off
 * between attempts to reach it ({@link io.edgeagent.drivers.net.RetryBackoff}), one line for a failure to reach it
 * ({@link io.edgeagent.drivers.net.NetworkFaults}), and the certificate and key files a secured link presents and
 * trusts ({@link io.edgeagent.drivers.net.PemFiles}).
 *
 * <p>Knows no protocol: each client adds its own words for what only it knows.
 */
package io.edgeagent.drivers.net;
