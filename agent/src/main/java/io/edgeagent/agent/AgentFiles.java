package io.edgeagent.agent;

import java.nio.file.Path;

/** Where the agent keeps things in its data dir, for the agent and for the tools that read them beside it. */
public final class AgentFiles {

    private AgentFiles() {
    }

    /** The OPC UA client's certificate and the server certificates it trusts or refused. */
    public static Path opcUaPki(Path dataDir) {
        return dataDir.resolve("pki").resolve("opcua");
    }
}
