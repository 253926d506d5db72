package io.edgeagent.drivers.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeAddressTest {

    private final NamespaceTable server = serverTable();

    @Test
    void parsesEveryIdentifierTypeWithAnIndex() {
        assertEquals(new NodeId(2, "imm-01/MachineStatus/MachineMode"),
                NodeAddress.parse("ns=2;s=imm-01/MachineStatus/MachineMode").nodeId());
        assertEquals(new NodeId(3, UInteger.valueOf(1001)), NodeAddress.parse("ns=3;i=1001").nodeId());
        assertEquals(new NodeId(0, UInteger.valueOf(85)), NodeAddress.parse("i=85").nodeId());
        UUID guid = UUID.fromString("09087e75-8e5e-499b-954f-f2a9603db28a");
        assertEquals(new NodeId(1, guid), NodeAddress.parse("ns=1;g=" + guid).nodeId());
        assertEquals(new NodeId(1, ByteString.of(new byte[] {1, 2, 3})), NodeAddress.parse("ns=1;b=AQID").nodeId());
        assertNull(NodeAddress.parse("ns=2;s=x").namespaceUri());
    }

    @Test
    void resolvesANamespaceUriAgainstTheServersTable() {
        NodeAddress address = NodeAddress.parse("nsu=urn:edge-agent:simulator;s=imm-01/Process/ClampForce");

        assertEquals("urn:edge-agent:simulator", address.namespaceUri());
        assertEquals(Optional.of(new NodeId(2, "imm-01/Process/ClampForce")), address.resolve(server));
        assertEquals(Optional.of(new NodeId(2, UInteger.valueOf(7))),
                NodeAddress.parse("nsu=urn:edge-agent:simulator;i=7").resolve(server));
    }

    @Test
    void aNamespaceUriTheServerDoesNotKnowResolvesToNothing() {
        assertEquals(Optional.empty(), NodeAddress.parse("nsu=urn:elsewhere;s=x").resolve(server));
    }

    /** Like the simulator's: 0 is OPC UA's own, 1 the server's, 2 the machine's. */
    private static NamespaceTable serverTable() {
        NamespaceTable table = new NamespaceTable();
        table.add("urn:server");
        table.add("urn:edge-agent:simulator");
        return table;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "ns=2;x=1", "ns=two;s=a", "ns=2;i=abc", "ns=2,s=a", "ns=2;s=",
        "nsu=urn:a", "nsu=;s=a", "nsu=urn:a;ns=2;s=b", "nsu=urn:a;q=1", " ns=2;s=a"})
    void rejectsMalformedAddresses(String text) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> NodeAddress.parse(text));
        assertTrue(!error.getMessage().isBlank());
    }
}
