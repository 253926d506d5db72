package io.edgeagent.agent.sharing;

import java.util.List;
import java.util.Objects;

/**
 * What a {@code sharing} request found, and the rules it is about.
 *
 * @param requestId the request answered
 * @param result    what happened
 * @param reason    why, for anything but {@code ok} and {@code accepted}; {@code null} otherwise
 * @param problems  each problem of rejected rules, worded as for the config file; empty otherwise
 * @param version   the agent's sharing version after the request (for {@code accepted}: the new one)
 * @param machines  the rules now in force for the machines the request named (all when it named none)
 * @param changed   the rules this request put in force, to apply to capacity; empty for a repeated request
 */
public record SharingAnswer(String requestId, Result result, String reason, List<String> problems, long version,
        List<MachineOffer> machines, List<MachineOffer> changed) {

    public SharingAnswer {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(result, "result");
        problems = List.copyOf(problems);
        machines = List.copyOf(machines);
        changed = List.copyOf(changed);
    }

    /** The outcome; its lower-case name is the answer's {@code result}, the words of {@code reserve}'s answers. */
    public enum Result {
        /** A {@code get}: the rules are in the answer. */
        OK,
        /** A {@code set}: the new rules are kept and in force. */
        ACCEPTED,
        /** A {@code set} whose {@code ifVersion} is not the current version: someone changed the rules since. */
        CONFLICT,
        /** The request cannot be carried out as written: managed by the file, unknown machine, invalid rules. */
        REJECTED
    }
}
