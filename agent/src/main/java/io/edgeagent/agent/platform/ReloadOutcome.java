package io.edgeagent.agent.platform;

import java.util.Objects;

/**
 * What a {@code reload-config} request found.
 *
 * @param result     what happens next
 * @param configHash the hash of the file as read now
 * @param reason     for people: the problems of an invalid file, or what is being done
 */
public record ReloadOutcome(Result result, String configHash, String reason) {

    public ReloadOutcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(reason, "reason");
    }

    /** The outcome; its lower-case name is the answer's {@code result}. */
    public enum Result {
        /** The file changed and is valid: the agent restarts on it. */
        RESTARTING,
        /** The file is what the agent runs already. */
        UNCHANGED,
        /** The file has problems: the agent keeps running on its last good config. */
        INVALID
    }
}
