package io.edgeagent.drivers.sim;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * The simulator's address space: {@code Objects/DeviceSet/<machine>/...} with one variable per {@link ImmNode},
 * sampled for subscriptions by Milo's {@link SubscriptionModel}.
 */
final class ImmNamespace extends ManagedNamespaceWithLifecycle {

    private final String machineName;
    private final SubscriptionModel subscriptionModel;
    private final Map<ImmNode, UaVariableNode> variables = new EnumMap<>(ImmNode.class);
    private final Map<ImmNode, Object> published = new EnumMap<>(ImmNode.class);

    ImmNamespace(OpcUaServer server, String machineName) {
        super(server, ImmSimulator.NAMESPACE_URI);
        this.machineName = machineName;
        this.subscriptionModel = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptionModel);
        getLifecycleManager().addStartupTask(this::createNodes);
    }

    /** Writes the values that changed, stamped now, so a source timestamp says when a value last changed. */
    void publish(ImmMachine.State state) {
        DateTime now = DateTime.now();
        variables.forEach((node, variable) -> {
            Object value = valueOf(node, state);
            if (!value.equals(published.get(node))) {
                variable.setValue(new DataValue(new Variant(value), StatusCode.GOOD, now, now));
                published.put(node, value);
            }
        });
    }

    private void createNodes() {
        UaFolderNode deviceSet = new UaFolderNode(getNodeContext(), newNodeId("DeviceSet"),
                newQualifiedName("DeviceSet"), LocalizedText.english("DeviceSet"));
        getNodeManager().addNode(deviceSet);
        deviceSet.addReference(new Reference(deviceSet.getNodeId(), NodeIds.Organizes,
                NodeIds.ObjectsFolder.expanded(), Reference.Direction.INVERSE));

        Map<String, UaObjectNode> objects = new HashMap<>();
        UaObjectNode machine = object(machineName, machineName);
        deviceSet.addOrganizes(machine);
        objects.put("", machine);

        for (ImmNode node : ImmNode.values()) {
            int slash = node.path().lastIndexOf('/');
            String browseName = node.path().substring(slash + 1);
            UaVariableNode variable = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                    .setNodeId(newNodeId(machineName + "/" + node.path()))
                    .setBrowseName(newQualifiedName(browseName))
                    .setDisplayName(LocalizedText.english(browseName))
                    .setDataType(node.dataType())
                    .setTypeDefinition(NodeIds.BaseDataVariableType)
                    .setAccessLevel(AccessLevel.READ_ONLY)
                    .setUserAccessLevel(AccessLevel.READ_ONLY)
                    .build();
            getNodeManager().addNode(variable);
            objectAt(slash < 0 ? "" : node.path().substring(0, slash), objects).addComponent(variable);
            variables.put(node, variable);
        }
    }

    /** The object at this path below the machine, created with its parents on first use. */
    private UaObjectNode objectAt(String path, Map<String, UaObjectNode> objects) {
        UaObjectNode existing = objects.get(path);
        if (existing != null) {
            return existing;
        }
        int slash = path.lastIndexOf('/');
        UaObjectNode parent = objectAt(slash < 0 ? "" : path.substring(0, slash), objects);
        UaObjectNode created = object(machineName + "/" + path, path.substring(slash + 1));
        parent.addComponent(created);
        objects.put(path, created);
        return created;
    }

    private UaObjectNode object(String id, String browseName) {
        UaObjectNode object = new UaObjectNode.UaObjectNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(id))
                .setBrowseName(newQualifiedName(browseName))
                .setDisplayName(LocalizedText.english(browseName))
                .setTypeDefinition(NodeIds.BaseObjectType)
                .build();
        getNodeManager().addNode(object);
        return object;
    }

    private static Object valueOf(ImmNode node, ImmMachine.State state) {
        return switch (node) {
            case MACHINE_MODE -> state.phase().machineMode().value();
            case IS_PRESENT -> Boolean.TRUE;
            case PRODUCTION_STATUS -> state.phase().productionStatus().value();
            case STANDSTILL_REASON_ID -> uint(state.phase().standstillReasonId());
            // A UInt32 counter wraps like the machine's own would.
            case JOB_CYCLE_COUNTER -> uint(state.cycleCounter() & 0xFFFF_FFFFL);
            case LAST_CYCLE_TIME -> state.lastCycleTime();
            case EXPECTED_CYCLE_TIME -> state.expectedCycleTime();
            case NUM_CAVITIES -> uint(state.numCavities());
            case MOULD_TEMPERATURE -> state.mouldTemperature();
            case MELT_TEMPERATURE -> state.meltTemperature();
            case CLAMP_FORCE -> state.clampForce();
        };
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
