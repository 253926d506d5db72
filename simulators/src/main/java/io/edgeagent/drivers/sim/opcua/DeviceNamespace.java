package io.edgeagent.drivers.sim.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;

import io.edgeagent.drivers.sim.SimBuilder;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.EventItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * One simulated machine's address space in namespace {@link NamespaceUris#SIMULATOR}: {@code Objects/DeviceSet}
 * (browse name in {@link NamespaceUris#DI}), the machine object below it, one variable per constant of
 * {@code K} with the objects on its browse path, and the {@link FixedNode}s the specification mandates besides. Parents reference children with HasComponent (DeviceSet
 * organizes the machine), and Milo's node manager keeps each inverse, so browsing works both ways. Subscriptions
 * are sampled by Milo's {@link SubscriptionModel}.
 *
 * @param <K> the machine's variables
 */
public final class DeviceNamespace<K extends Enum<K> & SimVariable> extends ManagedNamespaceWithLifecycle {


    private final String machineName;
    private final Class<K> variableType;
    private final SubscriptionModel subscriptionModel;
    private final Map<K, UaVariableNode> variables;
    private final Map<K, Object> published;
    private volatile MachineEvents events;

    /**
     * @param fixed         the members the specification mandates that never change, created after the variables
     * @param initialValues each variable's value when clients first can read it
     */
    public DeviceNamespace(OpcUaServer server, String machineName, Class<K> variableType, List<FixedNode> fixed,
                           Function<K, Object> initialValues) {
        super(server, NamespaceUris.SIMULATOR);
        this.machineName = SimBuilder.requireMachineName(machineName);
        this.variableType = variableType;
        this.variables = new EnumMap<>(variableType);
        this.published = new EnumMap<>(variableType);
        this.subscriptionModel = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptionModel);
        if (server.getNamespaceTable().getIndex(NamespaceUris.GENERAL_TYPES) != null) {
            getLifecycleManager().addLifecycle(new GeneralTypesNamespace(server));
        }
        getLifecycleManager().addStartupTask(() -> {
            createNodes(fixed);
            publish(initialValues);
            events.installConditionRefresh();
        });
    }

    /**
     * The variable's address in {@code nsu=} form, e.g. {@code nsu=urn:edge-agent:simulator;s=imm-01/Process/ClampForce}.
     */
    public static String nodeId(String machineName, SimVariable variable) {
        return "nsu=" + NamespaceUris.SIMULATOR + ";s=" + machineName + "/" + variable.path();
    }

    /** Writes the values that changed, stamped now, so a source timestamp says when a value last changed. */
    public void publish(Function<K, Object> values) {
        DateTime now = DateTime.now();
        variables.forEach((variable, node) -> {
            Object value = nodeIdOnThisServer(Objects.requireNonNull(values.apply(variable), variable.name()));
            if (!value.equals(published.get(variable))) {
                node.setValue(new DataValue(new Variant(value), StatusCode.GOOD, now, now));
                published.put(variable, value);
            }
        });
    }

    /**
     * A value naming a node of a specification's nodeset (a state machine's {@code CurrentState/Id}) is written as an
     * {@link ExpandedNodeId} with its namespace URI: this server's table gives the NodeId's index.
     */
    private Object nodeIdOnThisServer(Object value) {
        if (value instanceof ExpandedNodeId id) {
            return id.toNodeId(getServer().getNamespaceTable()).orElseThrow(
                    () -> new IllegalStateException("node id " + id + " is in a namespace the server lacks"));
        }
        return value;
    }

    private void createNodes(List<FixedNode> fixed) {
        UaFolderNode deviceSet = new UaFolderNode(getNodeContext(), newNodeId("DeviceSet"),
                qualify(new BrowseName(NamespaceUris.DI, "DeviceSet")), LocalizedText.english("DeviceSet"));
        getNodeManager().addNode(deviceSet);
        deviceSet.addReference(new Reference(deviceSet.getNodeId(), NodeIds.Organizes,
                NodeIds.ObjectsFolder.expanded(), Reference.Direction.INVERSE));

        UaObjectNode machine = object("", new BrowseName(NamespaceUris.SIMULATOR, machineName));
        deviceSet.addOrganizes(machine);
        // OPC 10000-3 5.4: clients may subscribe to the machine's events (EUROMAP 77's cycles, its alarms).
        machine.setEventNotifier(ubyte(1));
        events = new MachineEvents(getServer(), machine.getNodeId(), machineName,
                SpecEventTypes.installMachineType(getServer(), getNodeContext(), getNamespaceIndex().intValue()));
        Map<String, UaNode> nodes = new HashMap<>();
        nodes.put("", machine);

        for (K variable : variableType.getEnumConstants()) {
            variables.put(variable, variable(variable.browsePath(), variable.dataType(), -1, nodes));
        }
        for (FixedNode node : fixed) {
            switch (node.kind()) {
                case OBJECT -> nodeAt(node.browsePath(), nodes);
                case VARIABLE -> variable(node.browsePath(), node.dataType(), node.valueRank(), nodes)
                        .setValue(new DataValue(new Variant(node.value())));
                case METHOD -> method(node.browsePath(), nodes);
            }
        }
    }

    /** Without an invocation handler Milo answers every call with Bad_NotImplemented. */
    private void method(List<BrowseName> path, Map<String, UaNode> nodes) {
        UaObjectNode parent = (UaObjectNode) nodeAt(path.subList(0, path.size() - 1), nodes);
        BrowseName name = path.get(path.size() - 1);
        UaMethodNode method = UaMethodNode.builder(getNodeContext())
                .setNodeId(newNodeId(machineName + "/" + pathText(path)))
                .setBrowseName(qualify(name))
                .setDisplayName(LocalizedText.english(name.name()))
                .setExecutable(true)
                .setUserExecutable(true)
                .build();
        getNodeManager().addNode(method);
        parent.addComponent(method);
    }

    private UaVariableNode variable(List<BrowseName> path, ExpandedNodeId dataType, int valueRank,
                                    Map<String, UaNode> nodes) {
        UaNode parent = nodeAt(path.subList(0, path.size() - 1), nodes);
        BrowseName name = path.get(path.size() - 1);
        String key = pathText(path);
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(machineName + "/" + key))
                .setBrowseName(qualify(name))
                .setDisplayName(LocalizedText.english(name.name()))
                .setDataType(dataType.toNodeId(getServer().getNamespaceTable()).orElseThrow(
                        () -> new IllegalStateException("data type " + dataType + " of " + key + " is in a namespace "
                                + "the server lacks")))
                .setValueRank(valueRank)
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .setAccessLevel(AccessLevel.READ_ONLY)
                .setUserAccessLevel(AccessLevel.READ_ONLY)
                .build();
        getNodeManager().addNode(node);
        if (parent instanceof UaVariableNode variable) {
            // A variable's children are its properties, e.g. a state machine's CurrentState/Id.
            variable.addReference(new Reference(variable.getNodeId(), NodeIds.HasProperty, node.getNodeId().expanded(),
                    Reference.Direction.FORWARD));
        } else {
            ((UaObjectNode) parent).addComponent(node);
        }
        nodes.put(key, node);
        return node;
    }

    /**
     * The node at this path below the machine (the machine for an empty path); a missing one is created as an object
     * with its parents.
     */
    private UaNode nodeAt(List<BrowseName> path, Map<String, UaNode> nodes) {
        String key = pathText(path);
        UaNode existing = nodes.get(key);
        if (existing == null) {
            BrowseName name = path.get(path.size() - 1);
            UaObjectNode parent = (UaObjectNode) nodeAt(path.subList(0, path.size() - 1), nodes);
            UaObjectNode created = object(key, name);
            parent.addComponent(created);
            nodes.put(key, created);
            return created;
        }
        if (!path.isEmpty() && !existing.getBrowseName().equals(qualify(path.get(path.size() - 1)))) {
            // Two variables of one enum disagree about a parent's namespace: a bug in that enum.
            throw new IllegalStateException("object " + key + " is " + existing.getBrowseName() + " and "
                    + path.get(path.size() - 1) + " at once");
        }
        return existing;
    }

    private UaObjectNode object(String path, BrowseName name) {
        UaObjectNode object = new UaObjectNode.UaObjectNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(path.isEmpty() ? machineName : machineName + "/" + path))
                .setBrowseName(qualify(name))
                .setDisplayName(LocalizedText.english(name.name()))
                .setTypeDefinition(NodeIds.BaseObjectType)
                .build();
        getNodeManager().addNode(object);
        return object;
    }

    private QualifiedName qualify(BrowseName name) {
        return name.qualify(getServer().getNamespaceTable());
    }

    private static String pathText(List<BrowseName> path) {
        return String.join("/", path.stream().map(BrowseName::name).toList());
    }

    /** The machine's events; once the namespace has started. */
    public MachineEvents events() {
        MachineEvents started = events;
        if (started == null) {
            throw new IllegalStateException("simulator " + machineName + " has not started");
        }
        return started;
    }

    @Override
    public void onEventItemsCreated(List<EventItem> eventItems) {
        events().added(eventItems);
    }

    @Override
    public void onEventItemsDeleted(List<EventItem> eventItems) {
        events().removed(eventItems);
    }

    @Override
    public void onDataItemsCreated(List<DataItem> dataItems) {
        subscriptionModel.onDataItemsCreated(dataItems);
    }

    @Override
    public void onDataItemsModified(List<DataItem> dataItems) {
        subscriptionModel.onDataItemsModified(dataItems);
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> dataItems) {
        subscriptionModel.onDataItemsDeleted(dataItems);
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
        subscriptionModel.onMonitoringModeChanged(monitoredItems);
    }
}
