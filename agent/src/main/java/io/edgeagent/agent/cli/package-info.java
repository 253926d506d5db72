/**
 * The {@code edge-agent} command line (picocli): run, demo, config, status, doctor, probe, buffer and the other
 * commands a service engineer types. It talks to a running agent through the control socket
 * ({@code controlsocket}) and reads a stopped agent's files directly. The platform's commands over MQTT are
 * not here but in {@code platform}.
 */
package io.edgeagent.agent.cli;
