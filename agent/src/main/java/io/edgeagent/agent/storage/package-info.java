/** Handling shared by the agent's embedded H2 files: damaged-file detection and quarantine. */
package io.edgeagent.agent.storage;
