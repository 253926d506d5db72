package io.edgeagent.agent.config;

import io.edgeagent.drivers.opcua.Profile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kinds of a profile's standard variables, from the DataType each one's nodeset declares (the drivers check
 * the profile against the official nodesets), as the OPC UA driver delivers them: Boolean as true/false, String
 * and LocalizedText (a state machine's {@code CurrentState}) as text, every number, Duration and enumeration as a
 * number. A state rule on one of them is type-checked when the config is read.
 */
final class ProfileSignalKinds {

    private ProfileSignalKinds() {
    }

    /** By standard signal name. */
    static Map<String, SignalKind> of(Profile profile) {
        Map<String, SignalKind> kinds = new LinkedHashMap<>();
        for (Profile.Signal signal : profile.signals()) {
            kinds.put(signal.name(), kind(signal.dataType()));
        }
        return Map.copyOf(kinds);
    }

    private static SignalKind kind(String dataType) {
        return switch (dataType) {
            case "Boolean" -> SignalKind.BOOLEAN;
            case "String", "LocalizedText" -> SignalKind.TEXT;
            default -> SignalKind.NUMBER;
        };
    }
}
