package io.edgeagent.drivers.sim.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeagent.drivers.opcua.SpecNamespaces;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulators name the companion specifications' namespaces themselves (they live in their own module, which
 * the driver's never reaches); a profile finds a simulated machine only where both name the same URI, as each
 * specification's nodeset declares it (OPC 10000-6 5.2.9, NamespaceUris of a UANodeSet).
 */
class NamespaceUrisTest {

    @Test
    void theSimulatorsAndTheDriverNameEveryCompanionSpecificationAlike() {
        assertEquals(List.of(SpecNamespaces.DI, SpecNamespaces.MACHINERY, SpecNamespaces.MACHINE_TOOL,
                        SpecNamespaces.IMM2MES, SpecNamespaces.GENERAL_TYPES),
                List.of(NamespaceUris.DI, NamespaceUris.MACHINERY, NamespaceUris.MACHINE_TOOL, NamespaceUris.IMM2MES,
                        NamespaceUris.GENERAL_TYPES));
    }
}
