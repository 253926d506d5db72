package io.edgeagent.drivers.sim.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.opcua.SpecNamespaces;
import java.util.HashSet;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.junit.jupiter.api.Test;

class NamespaceLayoutTest {

    private final NamespaceLayout layout = NamespaceLayout.of(SpecNamespaces.DI, SpecNamespaces.IMM2MES);

    @Test
    void theSimulatorComesFirstThenTheSpecsInOrder() {
        assertEquals(2, layout.indexOf(NamespaceUris.SIMULATOR));
        assertEquals(3, layout.indexOf(SpecNamespaces.DI));
        assertEquals(4, layout.indexOf(SpecNamespaces.IMM2MES));
        assertThrows(IllegalArgumentException.class, () -> layout.indexOf(SpecNamespaces.MACHINERY));
    }

    @Test
    void shufflingMovesEveryNamespaceAndIsTheSameForTheSameSeed() {
        for (long seed = 0; seed < 100; seed++) {
            NamespaceLayout shuffled = layout.shuffled(seed);

            assertEquals(shuffled, layout.shuffled(seed));
            assertEquals(new HashSet<>(shuffled.uris()).size(), layout.uris().size() + NamespaceLayout.FILLERS.size());
            assertTrue(shuffled.uris().containsAll(NamespaceLayout.FILLERS));
            for (String uri : layout.uris()) {
                assertNotEquals(layout.indexOf(uri), shuffled.indexOf(uri), "seed " + seed + ": " + uri);
            }
        }
    }

    @Test
    void registeringGivesEachUriItsIndexAndRefusesATableInUse() {
        NamespaceTable table = new NamespaceTable();
        table.add("urn:server");
        NamespaceLayout shuffled = layout.shuffled(5);

        shuffled.register(table);

        for (String uri : shuffled.uris()) {
            assertEquals(shuffled.indexOf(uri), table.getIndex(uri).intValue(), uri);
        }
        NamespaceTable busy = new NamespaceTable();
        busy.add("urn:server");
        busy.add("urn:someone-else");
        assertThrows(IllegalStateException.class, () -> layout.register(busy));
    }

    @Test
    void aLayoutNeedsTheSimulatorsNamespaceAndUniqueUris() {
        assertThrows(IllegalArgumentException.class, () -> new NamespaceLayout(List.of(SpecNamespaces.DI)));
        assertThrows(IllegalArgumentException.class,
                () -> NamespaceLayout.of(SpecNamespaces.DI, SpecNamespaces.DI));
        assertThrows(IllegalArgumentException.class, () -> NamespaceLayout.of(NamespaceUris.OPC_UA));
    }

    @Test
    void aBrowsePathNeedsOneNamespacePerSegment() {
        assertEquals(List.of(new BrowseName(SpecNamespaces.DI, "A"), new BrowseName(NamespaceUris.SIMULATOR, "B")),
                BrowseName.path("A/B", SpecNamespaces.DI, NamespaceUris.SIMULATOR));
        assertThrows(IllegalArgumentException.class, () -> BrowseName.path("A/B", SpecNamespaces.DI));
        assertThrows(IllegalArgumentException.class, () -> BrowseName.path("A//B", SpecNamespaces.DI,
                SpecNamespaces.DI, SpecNamespaces.DI));
    }
}
