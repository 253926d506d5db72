package io.edgeagent.drivers.opcua;

/**
 * How a signal names its node: by node id, fixed on one server, or by browse path ({@link BrowsePath}) below the
 * machine's root object, the same on every server implementing a standard model. {@link #toString()} gives the
 * text {@link #parse} reads.
 */
public sealed interface NodeRef permits NodeAddress, BrowsePath {

    /**
     * Parses the forms listed on {@link OpcUaSignal#node()}: text starting with {@link BrowsePath#PREFIX} is a
     * browse path, any other text a node id.
     *
     * @throws IllegalArgumentException saying what is wrong with the text, and where; the text itself is the
     *                                  caller's to name
     */
    static NodeRef parse(String text) {
        return isBrowsePath(text) ? BrowsePath.parse(text) : NodeAddress.parse(text);
    }

    /** Whether {@link #parse} reads {@code text} as a browse path rather than a node id. */
    static boolean isBrowsePath(String text) {
        return text.startsWith(BrowsePath.PREFIX);
    }
}
