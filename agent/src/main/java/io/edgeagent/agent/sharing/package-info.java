/**
 * Which sharing rules (weekly calendar, closed days, minimum window, planned maintenance) are in force for each
 * machine, and where each came from: the config file, or the platform's {@code sharing} command when
 * {@code sharing.managedBy} is {@code platform}. The platform's changes are versioned, checked with the file's own
 * rules and words, kept in the capacity store's H2 file before they are answered (their answers with every other
 * command's, so that request ids are one space), and put in force in the capacity engine.
 *
 * <p>The command's transport and JSON are the {@code platform} package's; the offered time itself is computed by
 * {@code capacity}.
 */
package io.edgeagent.agent.sharing;
