package io.edgeagent.drivers.opcua;

import io.edgeagent.drivers.opcua.NodeReader.Located;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.UaException;

/**
 * The probe's check of a server against a profile: the machine object found as the driver finds it, and each of
 * the profile's standard variables resolved below it and read, or named as missing with where it was looked for.
 */
final class ProfileMatch {

    private ProfileMatch() {
    }

    /** @throws ProbeException when the server has no (single) machine object of the profile */
    static ProfileCheck check(OpcUaClient client, MachineRoot root, Profile profile, OpcUaEndpoint endpoint)
            throws UaException, ProbeException {
        NamespaceTable namespaces = client.readNamespaceTable();
        NodeResolver resolver = new NodeResolver(client, namespaces, root.preferredNamespaces());
        NodeResolver.Result located = resolver.root(root);
        if (located instanceof NodeResolver.Missing missingMachine) {
            throw new ProbeException(missingMachine.detail() + ": " + endpoint.endpointUrl());
        }
        NodeResolver.Found machine = (NodeResolver.Found) located;
        List<Profile.Signal> present = new ArrayList<>();
        List<Located> nodes = new ArrayList<>();
        List<ProfileCheck.Gap> missing = new ArrayList<>();
        for (Profile.Signal signal : profile.signals()) {
            NodeResolver.Result node = resolver.resolve(signal.path(), machine);
            if (node instanceof NodeResolver.Found found) {
                present.add(signal);
                nodes.add(new Located(0, found.nodeId()));
            } else {
                missing.add(new ProfileCheck.Gap(signal.name(), signal.path().toString(),
                        ((NodeResolver.Missing) node).detail()));
            }
        }
        List<ProbedNode> described = new NodeReader(client, namespaces).describe(nodes);
        List<ProfileCheck.Variable> found = new ArrayList<>();
        for (int i = 0; i < present.size(); i++) {
            found.add(new ProfileCheck.Variable(present.get(i).name(), present.get(i).path().toString(),
                    described.get(i)));
        }
        return new ProfileCheck(profile, machine.path().isEmpty() ? machine.nodeId().toParseableString()
                : machine.path(), found, missing);
    }
}
