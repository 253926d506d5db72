package io.edgeagent.drivers.nodeset;

import static io.edgeagent.drivers.opcua.SpecNamespaces.GENERAL_TYPES;
import static io.edgeagent.drivers.opcua.SpecNamespaces.MACHINE_TOOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.nodeset.NodeSets.Member;
import io.edgeagent.drivers.nodeset.NodeSets.Name;
import io.edgeagent.drivers.nodeset.NodeSets.NodeRef;
import io.edgeagent.drivers.nodeset.NodeSets.Rule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reader against facts of the files themselves, so that a misread nodeset cannot make the checks pass. */
class NodeSetsTest {

    private static final NodeSets SPECS = NodeSets.all();

    /** GeneralTypes 1.03 MachineMESStatusType: the member issue 16 is about, its DataType an alias (String). */
    @Test
    void aMemberHasItsBrowseNameDataTypeValueRankAndModellingRule() {
        Member reason = SPECS.members(SPECS.type(GENERAL_TYPES, "MachineMESStatusType"))
                .get(new Name(GENERAL_TYPES, "StandstillReasonId"));

        assertEquals("Variable", reason.nodeClass());
        assertEquals(new NodeRef(NodeSets.OPC_UA, "i=12"), reason.dataType());
        assertEquals("String", SPECS.nameOf(reason.dataType()));
        assertEquals(-1, reason.valueRank());
        assertEquals(Rule.MANDATORY, reason.rule());
    }

    /** CyclicJobInformationType adds MouldId to JobInformationType's JobName: members follow HasSubtype. */
    @Test
    void aTypeHasTheMembersOfItsSupertypes() {
        Map<Name, Member> members = SPECS.members(SPECS.type(GENERAL_TYPES, "CyclicJobInformationType"));

        assertEquals(Rule.MANDATORY, members.get(new Name(GENERAL_TYPES, "JobName")).rule());
        assertEquals(Rule.OPTIONAL, members.get(new Name(GENERAL_TYPES, "MouldId")).rule());
        assertEquals(1, members.get(new Name(GENERAL_TYPES, "Material")).valueRank(), "an array of strings");
    }

    /** An enumeration's numbers and names from its definition, and a data type of another file by its id. */
    @Test
    void anEnumerationHasTheNumbersAndNamesOfItsDefinition() {
        Member mode = SPECS.members(SPECS.type(GENERAL_TYPES, "MachineStatusType"))
                .get(new Name(GENERAL_TYPES, "MachineMode"));

        assertEquals(new NodeRef(GENERAL_TYPES, "i=3011"), mode.dataType());
        assertEquals(Map.of(0, "OTHER", 1, "AUTOMATIC", 2, "SEMI_AUTOMATIC", 3, "MANUAL", 4, "SETUP", 5, "SLEEP"),
                SPECS.enumeration(mode.dataType()));
        assertEquals(mode.dataType(), SPECS.dataType("MachineModeEnumeration"));
    }

    /** ProductionProgramStateMachineType: its states, and a state's StateNumber property. */
    @Test
    void aStateMachineHasItsStatesWithTheirNumbers() {
        NodeRef program = SPECS.type(MACHINE_TOOL, "ProductionProgramStateMachineType");

        assertEquals(List.of("Aborted", "Ended", "Initializing", "Interrupted", "Running"), SPECS.stateNames(program));
        assertEquals("1", SPECS.propertyValue(SPECS.state(program, "Running"), "StateNumber").orElseThrow());
    }

    /** MachineToolType's MachineryItemState is an AddIn (HasAddIn), and MonitoringType's channels a placeholder. */
    @Test
    void addInsAndPlaceholdersAreMembersToo() {
        Map<Name, Member> tool = SPECS.members(SPECS.type(MACHINE_TOOL, "MachineOperationMonitoringType"));
        Map<Name, Member> monitoring = SPECS.members(SPECS.type(MACHINE_TOOL, "MonitoringType"));

        assertTrue(tool.containsKey(new Name("http://opcfoundation.org/UA/Machinery/", "MachineryItemState")),
                tool.keySet().toString());
        assertTrue(SPECS.subtypes(monitoring.get(new Name(MACHINE_TOOL, "<MonitoredElement>")).typeDefinition())
                .contains(SPECS.type(MACHINE_TOOL, "ChannelMonitoringType")));
    }
}
