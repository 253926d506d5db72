package io.edgeagent.agent.platform;

/** Reads the agent's config file again and, when it changed and is valid, restarts the agent on it. */
@FunctionalInterface
public interface ConfigReloader {

    /** Returns at once; a restart happens after the answer is sent. */
    ReloadOutcome reload();
}
