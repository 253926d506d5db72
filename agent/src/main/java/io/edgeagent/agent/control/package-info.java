/**
 * The local control socket ({@code <dataDir>/control.sock}): what the {@code edge-agent} CLI on the device asks
 * the running agent (status, machines, why, tail, buffer). Not the platform's MQTT commands, which are in
 * {@code command}; the CLI itself is in {@code cli}.
 */
package io.edgeagent.agent.control;
