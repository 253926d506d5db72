package io.edgeagent.drivers.sim.opcua;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.IntStream;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;

/**
 * The server's namespace table from index 2 on (0 is OPC UA's, 1 the server's own application URI): the URIs in
 * this order. Real servers order their tables as they please, and a client that hard-codes {@code ns=3} breaks on
 * the next one: {@link #shuffled} lets a test prove that a client resolves URIs instead.
 *
 * @param uris the URIs for indexes 2, 3, ...; {@link NamespaceUris#SIMULATOR} among them, no duplicates
 */
public record NamespaceLayout(List<String> uris) {

    /** The index of the first URI: Milo's server fills 0 and 1 itself. */
    public static final int FIRST_INDEX = 2;

    /** URIs of namespaces that hold nothing here; on a real server, other companion specs or a vendor's. */
    static final List<String> FILLERS = List.of("urn:edge-agent:simulator:unused:1",
            "urn:edge-agent:simulator:unused:2", "urn:edge-agent:simulator:unused:3");

    public NamespaceLayout {
        uris = List.copyOf(Objects.requireNonNull(uris, "uris"));
        if (!uris.contains(NamespaceUris.SIMULATOR)) {
            throw new IllegalArgumentException("a layout needs the simulator's namespace " + NamespaceUris.SIMULATOR);
        }
        if (new HashSet<>(uris).size() != uris.size() || uris.contains(NamespaceUris.OPC_UA)) {
            throw new IllegalArgumentException("namespace URIs must be unique and not OPC UA's: " + uris);
        }
    }

    /** The simulator's namespace at index 2, then these companion spec namespaces in order. */
    public static NamespaceLayout of(String... specUris) {
        List<String> uris = new ArrayList<>();
        uris.add(NamespaceUris.SIMULATOR);
        uris.addAll(List.of(specUris));
        return new NamespaceLayout(uris);
    }

    /**
     * This layout plus {@link #FILLERS}, shuffled so that every URI of this layout, the simulator's own included,
     * gets another index; the same seed gives the same table.
     */
    public NamespaceLayout shuffled(long seed) {
        Random random = new Random(seed);
        List<String> shuffled = new ArrayList<>(uris);
        shuffled.addAll(FILLERS);
        // About half of all shuffles move every URI: a few tries at most.
        do {
            Collections.shuffle(shuffled, random);
        } while (IntStream.range(0, uris.size()).anyMatch(i -> shuffled.get(i).equals(uris.get(i))));
        return new NamespaceLayout(shuffled);
    }

    /** The index this layout gives the URI. */
    public int indexOf(String uri) {
        int position = uris.indexOf(uri);
        if (position < 0) {
            throw new IllegalArgumentException("namespace " + uri + " is not in the layout " + uris);
        }
        return FIRST_INDEX + position;
    }

    /**
     * Adds the URIs to a server's table in order, before anything else registers a namespace.
     *
     * @throws IllegalStateException when the table holds more than OPC UA's and the server's URIs already
     */
    void register(NamespaceTable table) {
        for (String uri : uris) {
            int index = table.add(uri).intValue();
            if (index != indexOf(uri)) {
                throw new IllegalStateException("namespace " + uri + " got index " + index + ", not "
                        + indexOf(uri) + ": the table was not empty beyond index 1");
            }
        }
    }
}
