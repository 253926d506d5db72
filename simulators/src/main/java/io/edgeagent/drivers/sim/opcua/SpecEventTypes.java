package io.edgeagent.drivers.sim.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.List;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.model.objects.BaseEventTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNodeContext;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/**
 * The event types of the companion specifications a simulator raises, as their nodesets declare them, so that a
 * server can instantiate and filter them: OPC 40083 (GeneralTypes 1.03) {@code CycleParametersEventType}
 * (ns=GeneralTypes;i=1038, abstract, a BaseEventType) with every property, and the concrete subtype a simulated
 * machine raises, {@code SimCycleParametersEventType} in the simulator's namespace: an abstract type has no
 * instances, so a real machine raises a subtype of its vendor's too. The first lives in a namespace of its own URI
 * ({@link GeneralTypesNamespace}), the second in the simulator's.
 */
final class SpecEventTypes {

    /** A property of the type: its numeric id and data type as the nodeset gives them, and its modelling rule. */
    private record Property(long id, String name, NodeId dataType, int valueRank, boolean mandatory) {
    }

    static final long CYCLE_PARAMETERS_EVENT_TYPE = 1038;
    static final String SIM_CYCLE_EVENT_TYPE = "SimCycleParametersEventType";

    // GeneralTypes 1.03, the properties of ns=1;i=1038; a test checks them against the nodeset.
    private static final List<Property> CYCLE_PARAMETERS = List.of(
            property(6249, "AverageCycleTime", NodeIds.Duration, -1, false),
            property(6051, "BoxBadPartsCounter", NodeIds.UInt64, -1, false),
            property(6049, "BoxCycleCounter", NodeIds.UInt64, -1, false),
            property(6050, "BoxGoodPartsCounter", NodeIds.UInt64, -1, false),
            property(6256, "BoxId", NodeIds.String, -1, false),
            property(6271, "BoxPartsCounter", NodeIds.UInt64, -1, false),
            property(6102, "BoxTestSamplesCounter", NodeIds.UInt64, -1, false),
            property(6252, "CavityCycleQuality", null, 1, false),
            property(6253, "CurrentLotName", NodeIds.String, -1, true),
            property(6255, "CycleQuality", null, -1, true),
            property(6250, "CycleTime", NodeIds.Duration, -1, true),
            property(6269, "JobBadPartsCounter", NodeIds.UInt64, -1, true),
            property(6254, "JobCycleCounter", NodeIds.UInt64, -1, true),
            property(6258, "JobGoodPartsCounter", NodeIds.UInt64, -1, true),
            property(6259, "JobName", NodeIds.String, -1, true),
            property(6257, "JobPartsCounter", NodeIds.UInt64, -1, true),
            property(6251, "JobStatus", null, -1, true),
            property(6270, "JobTestSamplesCounter", NodeIds.UInt64, -1, true),
            property(6260, "MachineCycleCounter", NodeIds.UInt64, -1, false),
            property(6272, "PartId", NodeIds.String, 1, false));

    /** The enumerations' data type ids in GeneralTypes, for the properties above that have {@code null}. */
    private static long enumeration(String name) {
        return switch (name) {
            case "CavityCycleQuality" -> 3020;
            case "CycleQuality" -> 3019;
            case "JobStatus" -> 3017;
            default -> throw new IllegalArgumentException(name);
        };
    }

    private SpecEventTypes() {
    }

    /**
     * Adds CycleParametersEventType with its properties to {@code context}, a namespace of the GeneralTypes URI, so
     * that browsing and filtering find them where the nodeset puts them.
     */
    static void installSpecTypes(UaNodeContext context, int generalTypes) {
        NodeId abstractType = new NodeId(generalTypes, uint(CYCLE_PARAMETERS_EVENT_TYPE));
        UaObjectTypeNode base = type(context, abstractType, new QualifiedName(generalTypes,
                "CycleParametersEventType"), true, NodeIds.BaseEventType);
        for (Property p : CYCLE_PARAMETERS) {
            NodeId dataType = p.dataType() != null ? p.dataType()
                    : new NodeId(generalTypes, uint(enumeration(p.name())));
            UaVariableNode property = new UaVariableNode.UaVariableNodeBuilder(context)
                    .setNodeId(new NodeId(generalTypes, uint(p.id())))
                    .setBrowseName(new QualifiedName(generalTypes, p.name()))
                    .setDisplayName(LocalizedText.english(p.name()))
                    .setDataType(dataType)
                    .setValueRank(p.valueRank())
                    .setTypeDefinition(NodeIds.PropertyType)
                    .setAccessLevel(AccessLevel.READ_ONLY)
                    .build();
            property.addReference(new Reference(property.getNodeId(), NodeIds.HasModellingRule,
                    (p.mandatory() ? NodeIds.ModellingRule_Mandatory : NodeIds.ModellingRule_Optional).expanded(),
                    Reference.Direction.FORWARD));
            context.getNodeManager().addNode(property);
            base.addReference(new Reference(base.getNodeId(), NodeIds.HasProperty, property.getNodeId().expanded(),
                    Reference.Direction.FORWARD));
        }
    }

    /**
     * Adds the concrete subtype to {@code context}, the simulator's namespace, and teaches the server to instantiate
     * it as an event.
     *
     * @return its node id, which the machine raises; null on a server without the GeneralTypes namespace (a machine
     *         tool's), whose machine raises no cycle events
     */
    static NodeId installMachineType(OpcUaServer server, UaNodeContext context, int simulatorNamespace) {
        UShort generalTypes = server.getNamespaceTable().getIndex(NamespaceUris.GENERAL_TYPES);
        if (generalTypes == null) {
            return null;
        }
        NodeId concrete = new NodeId(simulatorNamespace, SIM_CYCLE_EVENT_TYPE);
        type(context, concrete, new QualifiedName(simulatorNamespace, SIM_CYCLE_EVENT_TYPE), false,
                new NodeId(generalTypes, uint(CYCLE_PARAMETERS_EVENT_TYPE)));
        server.getObjectTypeManager().registerObjectType(concrete, BaseEventTypeNode.class, BaseEventTypeNode::new);
        return concrete;
    }

    private static UaObjectTypeNode type(UaNodeContext context, NodeId id, QualifiedName name, boolean isAbstract,
                                         NodeId supertype) {
        UaObjectTypeNode type = UaObjectTypeNode.builder(context)
                .setNodeId(id)
                .setBrowseName(name)
                .setDisplayName(LocalizedText.english(name.getName()))
                .setIsAbstract(isAbstract)
                .build();
        context.getNodeManager().addNode(type);
        type.addReference(new Reference(id, NodeIds.HasSubtype, supertype.expanded(), Reference.Direction.INVERSE));
        return type;
    }

    private static Property property(long id, String name, NodeId dataType, int valueRank, boolean mandatory) {
        return new Property(id, name, dataType, valueRank, mandatory);
    }
}
