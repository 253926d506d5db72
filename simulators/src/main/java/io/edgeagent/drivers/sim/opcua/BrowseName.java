package io.edgeagent.drivers.sim.opcua;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/**
 * A browse name with its namespace as a URI: the index depends on the server's table, the URI does not.
 *
 * @param namespaceUri e.g. {@link NamespaceUris#IMM2MES}
 * @param name         e.g. {@code MachineStatus}
 */
public record BrowseName(String namespaceUri, String name) {

    public BrowseName {
        Objects.requireNonNull(namespaceUri, "namespaceUri");
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("a browse name is one non-empty path segment, was '" + name + "'");
        }
    }

    /**
     * A browse path from a {@code /}-separated path and one namespace URI per segment, e.g.
     * {@code path("MachineStatus/MachineMode", IMM2MES, GENERAL_TYPES)}.
     */
    public static List<BrowseName> path(String path, String... namespaceUris) {
        String[] names = path.split("/", -1);
        if (names.length != namespaceUris.length) {
            throw new IllegalArgumentException("path " + path + " has " + names.length + " segments but "
                    + namespaceUris.length + " namespaces");
        }
        List<BrowseName> steps = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            steps.add(new BrowseName(namespaceUris[i], names[i]));
        }
        return List.copyOf(steps);
    }

    /**
     * This name with its namespace's index in the table.
     *
     * @throws IllegalStateException when the table lacks the namespace
     */
    public QualifiedName qualify(NamespaceTable table) {
        UShort index = table.getIndex(namespaceUri);
        if (index == null) {
            throw new IllegalStateException("namespace " + namespaceUri + " of browse name " + name
                    + " is not in the namespace table");
        }
        return new QualifiedName(index, name);
    }

    @Override
    public String toString() {
        return "nsu=" + namespaceUri + ";" + name;
    }
}
