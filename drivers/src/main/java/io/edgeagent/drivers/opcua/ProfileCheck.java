package io.edgeagent.drivers.opcua;

import java.util.List;
import java.util.Objects;

/**
 * A machine checked against its profile by the probe.
 *
 * @param profile the standard model checked
 * @param machine the machine object's browse path from the Objects folder (its node id if it has none)
 * @param found   the standard variables the server has, in the profile's order, with their values now
 * @param missing those it lacks, with where they were looked for
 */
public record ProfileCheck(Profile profile, String machine, List<Variable> found, List<Gap> missing) {

    public ProfileCheck {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(machine, "machine");
        found = List.copyOf(found);
        missing = List.copyOf(missing);
    }

    /** A standard variable the server has: its signal name, its path below the machine and the node read now. */
    public record Variable(String signal, String path, ProbedNode node) {
    }

    /** A standard variable the server lacks, and why, e.g. {@code Bad_NoMatch (no 'IsPresent' below ...)}. */
    public record Gap(String signal, String path, String detail) {
    }
}
