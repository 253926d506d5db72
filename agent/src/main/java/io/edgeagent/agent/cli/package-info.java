/**
 * The {@code edge-agent} command line (picocli): run, demo, config, status, doctor, probe, buffer and the other
 * commands a service engineer types. It talks to a running agent through the control socket ({@code control})
 * and reads a stopped agent's files directly.
 */
package io.edgeagent.agent.cli;
