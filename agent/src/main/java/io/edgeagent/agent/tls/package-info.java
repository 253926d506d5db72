/**
 * TLS for the broker connection, from the PEM files of {@code broker.tls}: the socket factory the MQTT
 * transport connects with (TLS 1.2 and 1.3 only, the configured CAs and client certificate), the server
 * certificate check that says which of CA, expiry or host name failed, and one-line explanations of a failed
 * handshake. Knows nothing of MQTT; {@code uplink} uses it.
 */
package io.edgeagent.agent.tls;
