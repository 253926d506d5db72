package io.edgeagent.drivers.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrowsePathTest {

    @Test
    void parsesNamesNamespaceUrisWithSlashesAndStars() {
        BrowsePath path = BrowsePath.parse("/{http://opcfoundation.org/UA/Machinery/}MachineryBuildingBlocks/*/CurrentState");

        assertEquals(List.of(new BrowsePath.Segment("http://opcfoundation.org/UA/Machinery/", "MachineryBuildingBlocks"),
                new BrowsePath.Segment(null, "*"), new BrowsePath.Segment(null, "CurrentState")), path.segments());
        assertTrue(path.segments().get(1).isAny());
        assertEquals("/{http://opcfoundation.org/UA/Machinery/}MachineryBuildingBlocks/*/CurrentState", path.toString());
    }

    @Test
    void aSignalAddressStartingWithASlashIsAPathAnythingElseANodeId() {
        assertInstanceOf(BrowsePath.class, NodeRef.parse("/MachineStatus/MachineMode"));
        assertInstanceOf(NodeAddress.class, NodeRef.parse("ns=2;s=imm-01/MachineStatus/MachineMode"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "MachineStatus/MachineMode|a browse path starts with /, e.g. /MachineStatus/MachineMode",
        "/|empty browse name (two / in a row, or a / at the end)",
        "/A//B|empty browse name (two / in a row, or a / at the end)",
        "/A/|empty browse name (two / in a row, or a / at the end)",
        "/{urn:x|'{' without '}': write {<namespace URI>}<name>",
        "/{urn:x}|no browse name after {urn:x}",
        "/{urn:x}*|'*' matches any child and takes no namespace",
        "/{ }A|empty namespace URI in {}"})
    void rejectsMalformedPathsSayingWhy(String text, String why) {
        assertEquals(why, assertThrows(IllegalArgumentException.class, () -> BrowsePath.parse(text)).getMessage());
    }
}
