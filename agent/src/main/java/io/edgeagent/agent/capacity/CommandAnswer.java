package io.edgeagent.agent.capacity;

import java.util.Objects;

/**
 * The agent's answer to a reserve or release request. Stored with the request id, so a repeated request
 * (the platform retrying after a lost reply) gets exactly the same answer.
 *
 * @param requestId   the request answered
 * @param command     {@code reserve} or {@code release}
 * @param result      what happened
 * @param reason      why, for anything but a plain success; {@code null} otherwise
 * @param reservation the reservation made or released, or {@code null}
 */
public record CommandAnswer(String requestId, String command, Result result, String reason, Reservation reservation) {

    public CommandAnswer {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(result, "result");
    }

    /**
     * Why a request is refused whose id an earlier request of another command used: ids are one space across
     * commands, and an answer to one command must never be taken for another's.
     */
    public static String reusedId(String requestId, String earlierCommand) {
        return "requestId '" + requestId + "' was already used for a " + earlierCommand
                + " request: every request needs its own id";
    }

    /** The outcome; its lower-case name is the {@code result} field of the reply. */
    public enum Result {
        /** The reservation was made. */
        ACCEPTED,
        /** The request is well-formed but the time cannot be had (overlap, not offered, machine down). */
        CONFLICT,
        /** The reservation was released. */
        RELEASED,
        /** No such reservation (to release). */
        NOT_FOUND,
        /** The request itself is wrong (unknown machine, end before start, missing fields). */
        REJECTED
    }
}
