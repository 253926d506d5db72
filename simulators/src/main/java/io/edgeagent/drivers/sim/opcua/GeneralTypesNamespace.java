package io.edgeagent.drivers.sim.opcua;

import java.util.List;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;

/**
 * The nodes of OPC 40083 (GeneralTypes) a simulator serves besides its machine: the event types it raises, see
 * {@link SpecEventTypes}. A namespace of its own so that the server routes a browse of them here.
 */
final class GeneralTypesNamespace extends ManagedNamespaceWithLifecycle {

    GeneralTypesNamespace(OpcUaServer server) {
        super(server, NamespaceUris.GENERAL_TYPES);
        getLifecycleManager().addStartupTask(
                () -> SpecEventTypes.installSpecTypes(getNodeContext(), getNamespaceIndex().intValue()));
    }

    // Type definitions only: no value here changes, so a monitored item of one has nothing to sample.

    @Override
    public void onDataItemsCreated(List<DataItem> dataItems) {
    }

    @Override
    public void onDataItemsModified(List<DataItem> dataItems) {
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> dataItems) {
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
    }
}
