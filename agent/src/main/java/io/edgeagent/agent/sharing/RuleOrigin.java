package io.edgeagent.agent.sharing;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Where a machine's sharing rules came from, so that {@code windows} and {@code why} can say so. */
public sealed interface RuleOrigin {

    /**
     * The config file.
     *
     * @param file             the file as the agent loaded it
     * @param weeklyLines      the line of each weekly slot, in the order of the rules
     * @param closedLines      the line of each closed day
     * @param minWindowLine    the line of {@code minWindowMinutes}, 0 for the default
     * @param maintenanceLines the line of each of this machine's maintenance slots
     */
    record File(String file, List<Integer> weeklyLines, List<Integer> closedLines, int minWindowLine,
            List<Integer> maintenanceLines) implements RuleOrigin {

        public File {
            Objects.requireNonNull(file, "file");
            weeklyLines = List.copyOf(weeklyLines);
            closedLines = List.copyOf(closedLines);
            maintenanceLines = List.copyOf(maintenanceLines);
        }
    }

    /**
     * A {@code sharing set} of the platform.
     *
     * @param version   the change's version, from 1
     * @param setAt     when the agent accepted it
     * @param requestId the platform's request
     */
    record Platform(long version, Instant setAt, String requestId) implements RuleOrigin {

        public Platform {
            Objects.requireNonNull(setAt, "setAt");
            Objects.requireNonNull(requestId, "requestId");
        }
    }
}
