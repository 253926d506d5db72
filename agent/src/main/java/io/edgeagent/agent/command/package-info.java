/**
 * Commands from the platform, parsed from their MQTT payloads and carried out by the components that own
 * the data (the capacity engine, on the ingest thread). The uplink routes requests here and publishes the
 * answers.
 */
package io.edgeagent.agent.command;
