package io.edgeagent.drivers.sim.opcua;

import io.edgeagent.drivers.opcua.SpecNamespaces;

/**
 * The namespace URIs the simulators use besides the companion specifications' ({@link SpecNamespaces}). Browse
 * names of standard nodes are qualified with the companion specification's URI, as real machines do, so that a
 * client finding nodes by browse path must resolve the URIs through the server's namespace table; node ids are all
 * in {@link #SIMULATOR}.
 */
public final class NamespaceUris {

    /** OPC UA's own namespace, always index 0. */
    public static final String OPC_UA = "http://opcfoundation.org/UA/";
    /** The simulators' nodes: every node id, and the browse names of vendor-specific nodes. */
    public static final String SIMULATOR = "urn:edge-agent:simulator";

    private NamespaceUris() {
    }
}
