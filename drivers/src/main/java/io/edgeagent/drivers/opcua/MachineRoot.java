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
    public static final MachineRoot OBJECTS = new MachineRoot(null, null, null);

    private final String text;
    private final NodeRef at;
    private final Profile profile;

    private MachineRoot(String text, NodeRef at, Profile profile) {
        this.text = text;
        this.at = at;
        this.profile = profile;
    }

    /**
     * @param at      the machine object as a node id ({@code nsu=...;s=...}) or a browse path from the Objects
     *                folder ({@code /DeviceSet/IMM_4711}); {@code null} to let the profile find it
     * @param profile the machine's standard model, or {@code null}
     * @throws IllegalArgumentException when {@code at} is neither a node id nor a browse path
     */
    public static MachineRoot of(String at, Profile profile) {
        if (at == null) {
            return new MachineRoot(null, null, profile);
        }
        try {
            return new MachineRoot(at, NodeRef.parse(at), profile);
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
        return other instanceof MachineRoot root && Objects.equals(text, root.text) && profile == root.profile;
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, profile);
    }

    @Override
    public String toString() {
        return text != null ? text : profile != null ? "the " + profile.title() + " machine" : "/";
    }
}
