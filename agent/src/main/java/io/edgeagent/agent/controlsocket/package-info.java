/**
 * The local control socket ({@code <dataDir>/control.sock}, a Unix socket, never on the network): what the
 * {@code edge-agent} CLI on the device asks the running agent (status, machines, why, tail, buffer), the server
 * in the agent and the client the CLI uses. Not the platform's commands over MQTT, which are in
 * {@code platform}; the CLI itself is in {@code cli}.
 */
package io.edgeagent.agent.controlsocket;
