package io.edgeagent.drivers.sim.opcua;

import io.edgeagent.drivers.opcua.SpecNamespaces;
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
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * One simulated machine's address space in namespace {@link NamespaceUris#SIMULATOR}: {@code Objects/DeviceSet}
 * (browse name in {@link NamespaceUris#DI}), the machine object below it, and one variable per constant of
 * {@code K} with the objects on its browse path. Parents reference children with HasComponent (DeviceSet
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

    /**
     * @param initialValues each variable's value when clients first can read it
     */
    public DeviceNamespace(OpcUaServer server, String machineName, Class<K> variableType,
                           Function<K, Object> initialValues) {
        super(server, NamespaceUris.SIMULATOR);
        this.machineName = SimBuilder.requireMachineName(machineName);
        this.variableType = variableType;
        this.variables = new EnumMap<>(variableType);
        this.published = new EnumMap<>(variableType);
        this.subscriptionModel = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptionModel);
        getLifecycleManager().addStartupTask(() -> {
            createNodes();
            publish(initialValues);
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
            Object value = Objects.requireNonNull(values.apply(variable), variable.name());
            if (!value.equals(published.get(variable))) {
                node.setValue(new DataValue(new Variant(value), StatusCode.GOOD, now, now));
                published.put(variable, value);
            }
        });
    }

    private void createNodes() {
        UaFolderNode deviceSet = new UaFolderNode(getNodeContext(), newNodeId("DeviceSet"),
                qualify(new BrowseName(SpecNamespaces.DI, "DeviceSet")), LocalizedText.english("DeviceSet"));
        getNodeManager().addNode(deviceSet);
        deviceSet.addReference(new Reference(deviceSet.getNodeId(), NodeIds.Organizes,
                NodeIds.ObjectsFolder.expanded(), Reference.Direction.INVERSE));

        UaObjectNode machine = object("", new BrowseName(NamespaceUris.SIMULATOR, machineName));
        deviceSet.addOrganizes(machine);
        Map<String, UaObjectNode> objects = new HashMap<>();
        objects.put("", machine);

        for (K variable : variableType.getEnumConstants()) {
            List<BrowseName> path = variable.browsePath();
            UaObjectNode parent = objectAt(path.subList(0, path.size() - 1), objects);
            BrowseName name = path.get(path.size() - 1);
            UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                    .setNodeId(newNodeId(machineName + "/" + variable.path()))
                    .setBrowseName(qualify(name))
                    .setDisplayName(LocalizedText.english(name.name()))
                    .setDataType(variable.dataType())
                    .setTypeDefinition(NodeIds.BaseDataVariableType)
                    .setAccessLevel(AccessLevel.READ_ONLY)
                    .setUserAccessLevel(AccessLevel.READ_ONLY)
                    .build();
            getNodeManager().addNode(node);
            parent.addComponent(node);
            variables.put(variable, node);
        }
    }

    /** The object at this path below the machine (the machine for an empty path), created with its parents. */
    private UaObjectNode objectAt(List<BrowseName> path, Map<String, UaObjectNode> objects) {
        String key = pathText(path);
        UaObjectNode existing = objects.get(key);
        if (existing == null) {
            BrowseName name = path.get(path.size() - 1);
            UaObjectNode parent = objectAt(path.subList(0, path.size() - 1), objects);
            UaObjectNode created = object(key, name);
            parent.addComponent(created);
            objects.put(key, created);
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
