package io.edgeagent.drivers.opcua;

/**
 * How a signal names its node: by node id ({@link NodeAddress}), fixed on one server, or by browse path below
 * the machine's root object ({@link BrowsePath}), the same on every server implementing a standard model.
 */
sealed interface NodeRef permits NodeAddress, BrowsePath {

    /**
     * Parses the forms listed on {@link OpcUaSignal#node()}: text starting with {@code /} is a browse path, any
     * other text a node id.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    static NodeRef parse(String text) {
        return text.startsWith(BrowsePath.PREFIX) ? BrowsePath.parse(text) : NodeAddress.parse(text);
    }
}
