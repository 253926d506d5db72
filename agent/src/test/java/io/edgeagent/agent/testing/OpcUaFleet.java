package io.edgeagent.agent.testing;

import io.edgeagent.drivers.sim.opcua.NamespaceLayout;
import io.edgeagent.drivers.sim.opcua.NamespaceUris;
import io.edgeagent.drivers.sim.opcua.SimServer;
import io.edgeagent.drivers.sim.opcua.SimServerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
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
 * A real Milo server holding a fleet of OPC UA machines for benchmarks and fleet tests: {@code machines} folders
 * {@code m001}, {@code m002}, ... below Objects, each with {@code variables} Double variables {@code v00},
 * {@code v01}, ... (node ids {@code nsu=urn:edge-agent:simulator;s=m001/v00}) that all take a new value every
 * {@code period}, so that each sample the server takes of them is a change. Plain variables, no companion
 * specification: the fleet measures the agent's cost per monitored item, not a profile. Owns one thread,
 * {@code opcua-fleet-tick}, besides Milo's server threads; {@link #close} stops both.
 */
public final class OpcUaFleet implements AutoCloseable {

    private static final String PATH = "/fleet";

    private final SimServer server;
    private final int machines;
    private final int variables;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "opcua-fleet-tick");
        thread.setDaemon(true);
        return thread;
    });

    private OpcUaFleet(SimServer server, int machines, int variables) {
        this.server = server;
        this.machines = machines;
        this.variables = variables;
    }

    /** Serves the fleet on {@code port} (0 for a free one) and starts changing its values. */
    public static OpcUaFleet start(int port, int machines, int variables, Duration period) {
        SimServerOptions.Builder options = SimServerOptions.builder();
        if (port != 0) {
            options.port(port);
        }
        SimServer server = new SimServer("opcua-fleet", options.build(PATH, "opcua-fleet", NamespaceLayout.of()));
        OpcUaFleet fleet = new OpcUaFleet(server, machines, variables);
        FleetNamespace namespace = server.start(milo -> new FleetNamespace(milo, machines, variables));
        fleet.ticker.scheduleAtFixedRate(namespace::tick, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        return fleet;
    }

    public String endpointUrl() {
        return server.options().endpointUrl();
    }

    public int port() {
        return server.options().port();
    }

    /** {@code m001}, {@code m002}, ... */
    public static String machine(int index) {
        return String.format(Locale.ROOT, "m%03d", index + 1);
    }

    /** {@code v00}, {@code v01}, ... */
    public static String variable(int index) {
        return String.format(Locale.ROOT, "v%02d", index);
    }

    /** The variable's node id, as a config's {@code node:} names it. */
    public static String nodeId(String machine, String variable) {
        return "nsu=" + NamespaceUris.SIMULATOR + ";s=" + machine + "/" + variable;
    }

    public int machines() {
        return machines;
    }

    public int variables() {
        return variables;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        server.stop();
    }

    /** The machines' folders and variables, sampled by Milo's {@link SubscriptionModel}. */
    private static final class FleetNamespace extends ManagedNamespaceWithLifecycle {

        private final SubscriptionModel subscriptionModel;
        private final List<UaVariableNode> nodes = new ArrayList<>();
        private long tick;

        FleetNamespace(OpcUaServer server, int machines, int variables) {
            super(server, NamespaceUris.SIMULATOR);
            subscriptionModel = new SubscriptionModel(server, this);
            getLifecycleManager().addLifecycle(subscriptionModel);
            getLifecycleManager().addStartupTask(() -> create(machines, variables));
        }

        private void create(int machines, int variables) {
            for (int m = 0; m < machines; m++) {
                String machine = machine(m);
                UaFolderNode folder = new UaFolderNode(getNodeContext(), newNodeId(machine),
                        new QualifiedName(getNamespaceIndex(), machine), LocalizedText.english(machine));
                getNodeManager().addNode(folder);
                folder.addReference(new Reference(folder.getNodeId(), NodeIds.Organizes,
                        NodeIds.ObjectsFolder.expanded(), Reference.Direction.INVERSE));
                for (int v = 0; v < variables; v++) {
                    String name = variable(v);
                    UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                            .setNodeId(newNodeId(machine + "/" + name))
                            .setBrowseName(new QualifiedName(getNamespaceIndex(), name))
                            .setDisplayName(LocalizedText.english(name))
                            .setDataType(NodeIds.Double)
                            .setTypeDefinition(NodeIds.BaseDataVariableType)
                            .setAccessLevel(AccessLevel.READ_ONLY)
                            .setUserAccessLevel(AccessLevel.READ_ONLY)
                            .build();
                    node.setValue(new DataValue(new Variant(0.0)));
                    getNodeManager().addNode(node);
                    folder.addOrganizes(node);
                    nodes.add(node);
                }
            }
        }

        /** Every variable a new value, on the ticker thread only. */
        void tick() {
            tick++;
            DateTime now = DateTime.now();
            for (int i = 0; i < nodes.size(); i++) {
                nodes.get(i).setValue(new DataValue(new Variant(tick * 0.5 + i), StatusCode.GOOD, now, now));
            }
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
}
