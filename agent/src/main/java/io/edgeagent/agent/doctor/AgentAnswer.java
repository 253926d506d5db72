package io.edgeagent.agent.doctor;

import com.fasterxml.jackson.databind.JsonNode;

/** What came of asking the agent on this device for its status; how it is asked is the caller's business. */
public sealed interface AgentAnswer {

    /** The agent answered. */
    record Status(JsonNode status) implements AgentAnswer {
    }

    /** No agent runs here, e.g. {@code edge-agent is not running (no control socket at ...)}. */
    record NotRunning(String detail) implements AgentAnswer {
    }

    /** An agent may run, but could not be asked or did not answer. */
    record Unreachable(String detail) implements AgentAnswer {
    }
}
