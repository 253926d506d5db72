package io.edgeagent.drivers.nodeset;

import io.edgeagent.drivers.nodeset.NodeSets.Member;
import io.edgeagent.drivers.nodeset.NodeSets.Name;
import io.edgeagent.drivers.nodeset.NodeSets.NodeRef;
import io.edgeagent.drivers.nodeset.NodeSets.Rule;
import io.edgeagent.drivers.sim.opcua.NamespaceUris;
import io.edgeagent.drivers.testsupport.SimClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;

/**
 * Walks a server's machine object as a client sees it and compares it with the nodeset's type: every child whose
 * browse name the type declares must have the declared namespace, node class, DataType (as namespace URI and id),
 * ValueRank and a value a client can read, and every Mandatory object, variable and method must be there, level by
 * level down to the leaves. A child in a specification's namespace that the type does not declare is wrong (a vendor
 * names its own nodes in its own namespace); a child in the simulator's namespace is a vendor's own and is checked
 * only when {@code placements} says what it is (a channel, say, whose name the vendor chooses). Methods are compared
 * by name and node class; their arguments are not, as the simulators do not implement them.
 */
final class AddressSpaceCheck {

    private final SimClient client;
    private final NodeSets specs;
    private final Map<String, NodeRef> placements;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param placements per path below the machine object (e.g. {@code /Monitoring/Channel_1}), the type or
     *                   instance declaration a vendor-named child is an instance of
     */
    private AddressSpaceCheck(SimClient client, NodeSets specs, Map<String, NodeRef> placements) {
        this.client = client;
        this.specs = specs;
        this.placements = placements;
    }

    /** Every way the machine object differs from {@code type}, one line each; empty when it conforms. */
    static List<String> problems(SimClient client, NodeSets specs, NodeId machine, NodeRef type,
                                 Map<String, NodeRef> placements) throws UaException {
        AddressSpaceCheck check = new AddressSpaceCheck(client, specs, placements);
        check.walk(machine, "", type);
        return check.problems;
    }

    private void walk(NodeId node, String path, NodeRef declaration) throws UaException {
        Map<Name, Member> members = specs.members(declaration);
        Set<Name> present = new HashSet<>();
        for (ReferenceDescription child : client.children(node)) {
            Name name = new Name(client.namespaces().get(child.getBrowseName().getNamespaceIndex()),
                    child.getBrowseName().getName());
            String childPath = path + "/" + name.name();
            NodeId childId = child.getNodeId().toNodeId(client.namespaces()).orElseThrow();
            Member member = members.get(name);
            if (member != null) {
                present.add(name);
                compare(childPath, childId, child.getNodeClass(), member);
                if (child.getNodeClass() != NodeClass.Method) {
                    walk(childId, childPath, member.nodeId());
                }
            } else if (placements.containsKey(childPath)) {
                walk(childId, childPath, placements.get(childPath));
            } else if (!name.namespaceUri().equals(NamespaceUris.SIMULATOR)) {
                problems.add(childPath + ": " + name + " is not a member of " + specs.nameOf(declaration)
                        + elsewhere(members, name));
            }
        }
        for (Member member : members.values()) {
            if (member.rule() == Rule.MANDATORY && !present.contains(member.browseName())) {
                problems.add(path + "/" + member.browseName().name() + ": Mandatory " + member.nodeClass() + " "
                        + member.browseName() + " of " + specs.nameOf(declaration) + " is missing");
            }
        }
    }

    private void compare(String path, NodeId node, NodeClass nodeClass, Member member) throws UaException {
        if (!nodeClass.name().equals(member.nodeClass())) {
            problems.add(path + ": a " + nodeClass + ", the nodeset declares a " + member.nodeClass());
            return;
        }
        if (nodeClass != NodeClass.Variable) {
            return;
        }
        NodeId dataType = (NodeId) client.attribute(node, AttributeId.DataType);
        NodeRef actual = new NodeRef(client.namespaces().get(dataType.getNamespaceIndex()),
                dataType.toParseableString().replaceFirst("^ns=\\d+;", ""));
        if (!actual.equals(member.dataType())) {
            problems.add(path + ": DataType " + specs.nameOf(actual) + " (" + actual + "), the nodeset declares "
                    + specs.nameOf(member.dataType()) + " (" + member.dataType() + ")");
        }
        int valueRank = (Integer) client.attribute(node, AttributeId.ValueRank);
        if (valueRank != member.valueRank()) {
            problems.add(path + ": ValueRank " + valueRank + ", the nodeset declares " + member.valueRank());
        }
        // A structure (TimeZoneDataType, EUInformation) must also encode: a client reads values, not only types.
        DataValue value = client.read(node);
        if (!value.getStatusCode().isGood()) {
            problems.add(path + ": reading its value gives " + value.getStatusCode());
        }
    }

    /** The same name declared in another namespace: a browse name qualified with the wrong one. */
    private static String elsewhere(Map<Name, Member> members, Name name) {
        return members.keySet().stream()
                .filter(declared -> declared.name().equals(name.name()))
                .findFirst()
                .map(declared -> " (the nodeset declares " + declared + ")")
                .orElse("");
    }
}
