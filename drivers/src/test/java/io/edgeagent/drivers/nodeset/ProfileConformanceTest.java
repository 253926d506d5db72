package io.edgeagent.drivers.nodeset;

import static io.edgeagent.drivers.opcua.SpecNamespaces.GENERAL_TYPES;
import static io.edgeagent.drivers.opcua.SpecNamespaces.IMM2MES;
import static io.edgeagent.drivers.opcua.SpecNamespaces.MACHINERY;
import static io.edgeagent.drivers.opcua.SpecNamespaces.MACHINE_TOOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.nodeset.NodeSets.Member;
import io.edgeagent.drivers.nodeset.NodeSets.Name;
import io.edgeagent.drivers.nodeset.NodeSets.NodeRef;
import io.edgeagent.drivers.opcua.BrowsePath;
import io.edgeagent.drivers.opcua.EventType;
import io.edgeagent.drivers.opcua.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each profile's standard signals against the nodesets: the browse path exists below the type the profile's machine
 * object is an instance of, ends at a scalar variable, and that variable's DataType is the one the profile says.
 */
class ProfileConformanceTest {

    private static final NodeSets SPECS = NodeSets.all();

    /**
     * The type each profile's machine object is an instance of. The Machinery nodeset (OPC 40001-1 1.03.0) declares
     * the MachineryItemState and MachineryOperationMode state machine types but neither where a machine holds them
     * (its MachineryBuildingBlocks folder, a convention of the specification's text) nor their CurrentState
     * (inherited from the base nodeset's FiniteStateMachineType); OPC 40501-1's MachineToolType declares both for the
     * item state, and its MachineOperationMonitoringType for the operation mode, so those declarations stand in.
     */
    private static NodeRef root(Profile profile) {
        return switch (profile) {
            case EUROMAP77 -> SPECS.type(IMM2MES, "IMM_MES_InterfaceType");
            case MACHINERY, MACHINETOOL -> SPECS.type(MACHINE_TOOL, "MachineToolType");
        };
    }

    private static final Map<String, NodeRef> BUILDING_BLOCKS = Map.of(
            "/MachineryBuildingBlocks/MachineryOperationMode",
            SPECS.members(SPECS.type(MACHINE_TOOL, "MachineOperationMonitoringType"))
                    .get(new Name(MACHINERY, "MachineryOperationMode")).nodeId());

    static Stream<Arguments> entries() {
        return Stream.of(Profile.values())
                .flatMap(p -> p.signals().stream().map(s -> Arguments.of(p, s.name())));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("entries")
    void eachStandardSignalIsAScalarVariableOfTheNodesetsDataType(Profile profile, String signalName) {
        Profile.Signal signal = profile.signals().stream().filter(s -> s.name().equals(signalName)).findFirst()
                .orElseThrow();
        Member variable = resolve(profile, signal.path());

        assertEquals("Variable", variable.nodeClass(), signal.path().toString());
        assertEquals(SPECS.nameOf(variable.dataType()), signal.dataType(), signal.path() + " in the nodeset");
        assertEquals(-1, variable.valueRank(), signal.path() + " is a scalar");
    }

    /**
     * OPC 40083 (GeneralTypes 1.03): the euromap77 profile's cycle event is CycleParametersEventType by the node id the
     * nodeset gives it, and each field it selects is a Mandatory property of that type with the data type the profile
     * converts by, so every server that raises the type sends it.
     */
    @Test
    void theCycleEventFieldsAreMandatoryPropertiesOfCycleParametersEventType() {
        EventType events = Profile.EUROMAP77.cycleEvents().orElseThrow();
        NodeRef type = SPECS.type(GENERAL_TYPES, events.title());
        assertEquals(new NodeRef(events.namespace(), "i=" + events.id()), type);
        Map<Name, Member> members = SPECS.members(type);
        for (EventType.Field field : events.fields()) {
            Member property = members.get(new Name(field.namespace(), field.browseName()));
            assertTrue(property != null, field.browseName() + " is a property of " + events.title());
            assertEquals(NodeSets.Rule.MANDATORY, property.rule(), field.browseName());
            assertEquals(field.dataType(), SPECS.nameOf(property.dataType()), field.browseName());
        }
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void theMarkerIsAMemberOfTheType(Profile profile) {
        String nodeClass = resolve(profile, profile.marker()).nodeClass();
        assertTrue(Set.of("Variable", "Object").contains(nodeClass), profile.marker() + " is a " + nodeClass);
    }

    /**
     * The member at the end of the path, each step by browse name, preferring the profile's namespaces as the driver
     * does; {@code *} takes the first member below which the rest exists, a placeholder standing for any instance of
     * its type or a subtype.
     */
    private static Member resolve(Profile profile, BrowsePath path) {
        return resolve(profile, root(profile), "", path.segments())
                .orElseThrow(() -> new AssertionError(path + " is not in " + SPECS.nameOf(root(profile))));
    }

    private static Optional<Member> resolve(Profile profile, NodeRef at, String walked,
                                            List<BrowsePath.Segment> rest) {
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        BrowsePath.Segment step = rest.get(0);
        List<Member> candidates = new ArrayList<>();
        for (Member member : SPECS.members(at).values()) {
            if (step.isAny() || member.browseName().name().equals(step.name())) {
                candidates.add(member);
            }
        }
        candidates.sort((a, b) -> Boolean.compare(!profile.namespaces().contains(a.browseName().namespaceUri()),
                !profile.namespaces().contains(b.browseName().namespaceUri())));
        for (Member member : candidates) {
            String here = walked + "/" + (step.isAny() ? member.browseName().name() : step.name());
            if (rest.size() == 1) {
                return Optional.of(member);
            }
            for (NodeRef next : below(here, member)) {
                Optional<Member> found = resolve(profile, next, here, rest.subList(1, rest.size()));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** What a member's children are declared by: itself, or for a placeholder, each subtype of its type too. */
    private static List<NodeRef> below(String path, Member member) {
        List<NodeRef> declarations = new ArrayList<>();
        declarations.add(BUILDING_BLOCKS.getOrDefault(path, member.nodeId()));
        if (member.browseName().name().startsWith("<") && member.typeDefinition() != null) {
            declarations.addAll(SPECS.subtypes(member.typeDefinition()));
        }
        return declarations;
    }
}
