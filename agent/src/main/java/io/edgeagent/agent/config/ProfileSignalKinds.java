package io.edgeagent.agent.config;

import io.edgeagent.drivers.opcua.Profile;
import java.util.Map;

/**
 * The kinds of a profile's standard variables, from the data types the companion specifications give them, as the
 * OPC UA driver delivers them: enumerations as numbers, state machines' {@code CurrentState} (LocalizedText) as
 * text. A state rule on one of them is type-checked when the config is read.
 *
 * <p>EUROMAP 77 {@code standstillReason} (StandstillReasonId) is left out on purpose for now: its default DOWN rule
 * and the simulator are being brought in line with the nodeset, which makes it a String, separately; declare it
 * {@link SignalKind#TEXT} here once they are, and {@code ProfileDefaultsTest} checks the default rule against it.
 */
final class ProfileSignalKinds {

    private ProfileSignalKinds() {
    }

    /** By standard signal name; a signal not listed has no kind known at config time. */
    static Map<String, SignalKind> of(Profile profile) {
        return switch (profile) {
            case EUROMAP77 -> Map.ofEntries(
                    Map.entry("isPresent", SignalKind.BOOLEAN),
                    Map.entry("machineMode", SignalKind.NUMBER),
                    Map.entry("productionStatus", SignalKind.NUMBER),
                    Map.entry("jobName", SignalKind.TEXT),
                    Map.entry("mouldId", SignalKind.TEXT),
                    Map.entry("expectedCycleTime", SignalKind.NUMBER),
                    Map.entry("numCavities", SignalKind.NUMBER),
                    Map.entry("cycleCounter", SignalKind.NUMBER),
                    Map.entry("partsCounter", SignalKind.NUMBER),
                    Map.entry("goodPartsCounter", SignalKind.NUMBER),
                    Map.entry("lastCycleTime", SignalKind.NUMBER));
            case MACHINERY -> Map.of(
                    "itemState", SignalKind.TEXT,
                    "operationMode", SignalKind.TEXT);
            case MACHINETOOL -> Map.of(
                    "operationMode", SignalKind.NUMBER,
                    "channelState", SignalKind.NUMBER,
                    "programName", SignalKind.TEXT,
                    "programState", SignalKind.TEXT,
                    "partsProduced", SignalKind.NUMBER,
                    "itemState", SignalKind.TEXT);
        };
    }
}
