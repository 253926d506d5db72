/**
 * The OPC UA driver: one Milo client session per machine, signals read by monitored items (report by
 * exception) and resolved by node id, namespace URI or browse path below the machine's object; profiles
 * (EUROMAP 77, OPC 40001-1, OPC 40501-1) name a standard machine's variables so a technician need not. Also
 * the client's security (certificate, trust list) and the probe the CLI uses. A node's text is parsed once, by
 * {@link io.edgeagent.drivers.opcua.NodeRef#parse}, where it is read (the agent's config, the CLI); signals and
 * machine roots carry the parsed {@link io.edgeagent.drivers.opcua.NodeRef}.
 *
 * <p>Knows nothing of MQTT, H2 or capacity: it hands readings and health to the agent's sink.
 */
package io.edgeagent.drivers.opcua;
