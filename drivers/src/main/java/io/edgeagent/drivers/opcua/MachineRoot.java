package io.edgeagent.drivers.opcua;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a machine's browse paths start: a node named in the config, the machine object a {@link Profile} finds,
 * or the Objects folder when there is neither.
 */
public final class MachineRoot {

    /** Browse paths start at the Objects folder. */
    public static final MachineRoot OBJECTS = new MachineRoot(null, null);

    private final NodeRef at;
    private final Profile profile;

    private MachineRoot(NodeRef at, Profile profile) {
        this.at = at;
        this.profile = profile;
    }

    /**
     * @param at      the machine object as a node id ({@code nsu=...;s=...}) or a browse path from the Objects
     *                folder ({@code /DeviceSet/IMM_4711}); {@code null} to let the profile find it
     * @param profile the machine's standard model, or {@code null}
     */
    public static MachineRoot at(NodeRef at, Profile profile) {
        return new MachineRoot(at, profile);
    }

    /**
     * The same, with the machine object as text.
     *
     * @throws IllegalArgumentException when {@code at} is neither a node id nor a browse path
     */
    public static MachineRoot of(String at, Profile profile) {
        if (at == null) {
            return new MachineRoot(null, profile);
        }
        try {
            return new MachineRoot(NodeRef.parse(at), profile);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid machine root '" + at + "': " + e.getMessage(), e);
        }
    }

    /** The machine's standard model, if it has one. */
    public Optional<Profile> profile() {
        return Optional.ofNullable(profile);
    }

    Optional<NodeRef> at() {
        return Optional.ofNullable(at);
    }

    /** Namespaces preferred when a browse name is found in several. */
    List<String> preferredNamespaces() {
        return profile == null ? List.of() : profile.namespaces();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MachineRoot root && Objects.equals(at, root.at) && profile == root.profile;
    }

    @Override
    public int hashCode() {
        return Objects.hash(at, profile);
    }

    @Override
    public String toString() {
        return at != null ? at.toString() : profile != null ? "the " + profile.title() + " machine" : "/";
    }
}
