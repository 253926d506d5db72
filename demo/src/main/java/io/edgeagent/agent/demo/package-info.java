/**
 * {@code edge-agent demo}: simulated machines, an embedded broker and the agent in one process, with the feed
 * printed as a cloud subscriber sees it. A module of its own, which a source checkout builds and the device package
 * never carries; the CLI finds its command through {@link io.edgeagent.agent.cli.Demo}.
 */
package io.edgeagent.agent.demo;
