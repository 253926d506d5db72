/**
 * The cloud platform's commands, which arrive over MQTT ({@code <base>/cmd/<name>}: reserve, release,
 * reservations, sharing, status, rebirth, reload-config): parsed from their JSON requests, carried out by the components
 * that own the data (the capacity engine, on the ingest thread), and answered in the JSON feed's payloads. The
 * uplink routes requests here through {@link io.edgeagent.agent.uplink.CommandHandler} and publishes the answers.
 *
 * <p>Not the local control socket ({@code controlsocket}), which answers the engineer's CLI on the device, nor
 * the CLI's own commands ({@code cli}).
 */
package io.edgeagent.agent.platform;
