package io.edgeagent.drivers.nodeset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The OPC Foundation's NodeSet2 files in {@code src/test/resources/opcua-nodesets}, read with the JDK's parser: the
 * truth the simulators and profiles are checked against. Every node id, browse name and data type is turned from the
 * file's own namespace indexes into namespace URIs, so nodes of several files (and of a server) compare directly.
 *
 * <p>The OPC UA base nodeset (namespace 0) is not among the files: members a companion type inherits from a base
 * type (e.g. {@code CurrentState} of {@code FiniteStateMachineType}) are therefore not known here.
 */
public final class NodeSets {

    public static final String OPC_UA = "http://opcfoundation.org/UA/";
    private static final String XMLNS = "http://opcfoundation.org/UA/2011/03/UANodeSet.xsd";
    private static final NodeRef MANDATORY = new NodeRef(OPC_UA, "i=78");
    private static final NodeRef OPTIONAL = new NodeRef(OPC_UA, "i=80");
    /** Reference types are written as aliases (HasComponent) or as ids (i=47): one name for either. */
    private static final Map<String, String> REFERENCE_NAMES = Map.of("i=47", "HasComponent", "i=46",
            "HasProperty", "i=49", "HasOrderedComponent", "i=17604", "HasAddIn", "i=45", "HasSubtype",
            "i=40", "HasTypeDefinition", "i=37", "HasModellingRule");

    /** A node id with its namespace as a URI, e.g. {@code (GeneralTypes, "i=3011")}; {@code i=12} in OPC_UA is String. */
    public record NodeRef(String namespaceUri, String identifier) {
        @Override
        public String toString() {
            return "nsu=" + namespaceUri + ";" + identifier;
        }
    }

    /** A browse name with its namespace as a URI. */
    public record Name(String namespaceUri, String name) {
        @Override
        public String toString() {
            return "nsu=" + namespaceUri + ";" + name;
        }
    }

    /** What a modelling rule asks of an instance: the member must be there, may be, or is not instantiated. */
    public enum Rule { MANDATORY, OPTIONAL, OTHER }

    /**
     * A child of a type or of an instance declaration, as the nodeset declares it.
     *
     * @param dataType       for a variable, its DataType; otherwise null
     * @param valueRank      for a variable, its ValueRank (-1 scalar, when the file omits it)
     * @param typeDefinition the child's type
     */
    public record Member(NodeRef nodeId, Name browseName, String nodeClass, NodeRef dataType, int valueRank,
                        Rule rule, NodeRef typeDefinition) {
    }

    private record Reference(String type, boolean forward, NodeRef target) {
    }

    private record UaNode(NodeRef id, Name browseName, String nodeClass, NodeRef dataType, int valueRank,
                          List<Reference> references, Element element) {
    }

    private final Map<NodeRef, UaNode> nodes = new HashMap<>();
    private final Map<NodeRef, String> aliasNames = new HashMap<>();

    private NodeSets() {
    }

    /** Every nodeset of {@code /opcua-nodesets/}: the ones the profiles follow and those they require. */
    public static NodeSets all() {
        return load("Opc.Ua.Di.NodeSet2.xml", "Opc.Ua.PlasticsRubber.GeneralTypes.NodeSet2.xml",
                "Opc.Ua.PlasticsRubber.IMM2MES.NodeSet2.xml", "Opc.Ua.Machinery.NodeSet2.xml", "Opc.Ua.IA.NodeSet2.xml",
                "opc.ua.isa95-jobcontrol.nodeset2.xml", "Opc.Ua.Machinery.Jobs.Nodeset2.xml",
                "Opc.Ua.MachineTool.NodeSet2.xml");
    }

    /** Reads these files from {@code /opcua-nodesets/} on the class path. */
    public static NodeSets load(String... files) {
        NodeSets sets = new NodeSets();
        for (String file : files) {
            try (InputStream in = NodeSets.class.getResourceAsStream("/opcua-nodesets/" + file)) {
                if (in == null) {
                    throw new IllegalArgumentException("no nodeset " + file + " in src/test/resources/opcua-nodesets");
                }
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setNamespaceAware(true);
                factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                sets.read(factory.newDocumentBuilder().parse(in).getDocumentElement());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ParserConfigurationException | SAXException e) {
                throw new IllegalStateException("cannot read nodeset " + file, e);
            }
        }
        return sets;
    }

    /** The type (object, variable or data type) with this browse name. */
    public NodeRef type(String namespaceUri, String name) {
        Name wanted = new Name(namespaceUri, name);
        return nodes.values().stream()
                .filter(n -> n.browseName.equals(wanted) && n.nodeClass.endsWith("Type"))
                .map(UaNode::id)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no type " + wanted + " in the nodesets"));
    }

    /** The data type with this browse name, in whichever file defines it; it must be the only one. */
    public NodeRef dataType(String name) {
        List<NodeRef> found = nodes.values().stream()
                .filter(n -> n.nodeClass.equals("DataType") && n.browseName.name().equals(name))
                .map(UaNode::id)
                .toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException(found.size() + " data types named " + name + " in the nodesets");
        }
        return found.get(0);
    }

    /**
     * The members an instance of this type has, or of this instance declaration (the child of a type that says what
     * the instance's child is): those of its type and the type's supertypes, overridden by those the declaration
     * itself lists, by browse name.
     */
    public Map<Name, Member> members(NodeRef typeOrDeclaration) {
        UaNode node = node(typeOrDeclaration);
        Map<Name, Member> members = new LinkedHashMap<>();
        List<UaNode> chain = new ArrayList<>();
        Optional<NodeRef> type = node.nodeClass.endsWith("Type") ? Optional.of(node.id) : typeDefinition(node);
        while (type.isPresent() && nodes.containsKey(type.get())) {
            UaNode t = nodes.get(type.get());
            chain.add(0, t);
            type = target(t, "HasSubtype", false);
        }
        if (!node.nodeClass.endsWith("Type")) {
            chain.add(node);
        }
        for (UaNode t : chain) {
            for (Reference r : t.references) {
                if (r.forward && isAggregate(r.type) && nodes.containsKey(r.target)) {
                    Member member = member(nodes.get(r.target));
                    members.put(member.browseName, member);
                }
            }
        }
        return members;
    }

    /** An enumeration's values, number to name, from its EnumValues or EnumStrings (by the data type definition). */
    public Map<Integer, String> enumeration(NodeRef dataType) {
        UaNode node = node(dataType);
        Map<Integer, String> values = new TreeMap<>();
        NodeList fields = node.element.getElementsByTagNameNS(XMLNS, "Field");
        for (int i = 0; i < fields.getLength(); i++) {
            Element field = (Element) fields.item(i);
            String value = field.getAttribute("Value");
            values.put(value.isEmpty() ? i : Integer.parseInt(value), field.getAttribute("Name"));
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException(dataType + " is not an enumeration with a definition");
        }
        return values;
    }

    /** The browse names of a state machine type's states (its children of type StateType or InitialStateType). */
    public List<String> stateNames(NodeRef stateMachineType) {
        NodeRef stateType = new NodeRef(OPC_UA, "i=2307");
        NodeRef initialStateType = new NodeRef(OPC_UA, "i=2309");
        return members(stateMachineType).values().stream()
                .filter(m -> stateType.equals(m.typeDefinition) || initialStateType.equals(m.typeDefinition))
                .map(m -> m.browseName.name())
                .sorted()
                .toList();
    }

    /**
     * A node's browse name, e.g. {@code MachineModeEnumeration}; for a node of namespace 0, which is not in the files,
     * the alias the files give it (e.g. {@code String} for i=12), else its id.
     */
    public String nameOf(NodeRef id) {
        UaNode node = nodes.get(id);
        if (node != null) {
            return node.browseName.name();
        }
        return aliasNames.getOrDefault(id, id.toString());
    }

    /** The types derived from this one, directly or not. */
    public List<NodeRef> subtypes(NodeRef type) {
        List<NodeRef> found = new ArrayList<>();
        for (UaNode node : nodes.values()) {
            if (target(node, "HasSubtype", false).filter(type::equals).isPresent()) {
                found.add(node.id);
                found.addAll(subtypes(node.id));
            }
        }
        return found;
    }

    /** The state object of a state machine type with this browse name, e.g. {@code Running}. */
    public NodeRef state(NodeRef stateMachineType, String name) {
        return members(stateMachineType).values().stream()
                .filter(m -> m.browseName.name().equals(name) && stateNames(stateMachineType).contains(name))
                .map(Member::nodeId)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no state " + name + " in " + nameOf(stateMachineType)));
    }

    /** The text of a property's value as the file writes it, e.g. a state's {@code StateNumber}. */
    public Optional<String> propertyValue(NodeRef node, String property) {
        return members(node).values().stream()
                .filter(m -> m.browseName.name().equals(property))
                .findFirst()
                .flatMap(m -> Optional.ofNullable(child(nodes.get(m.nodeId).element, "Value")))
                .map(value -> value.getTextContent().trim());
    }

    private Member member(UaNode node) {
        NodeRef rule = target(node, "HasModellingRule", true).orElse(null);
        Rule kind = MANDATORY.equals(rule) ? Rule.MANDATORY : OPTIONAL.equals(rule) ? Rule.OPTIONAL : Rule.OTHER;
        return new Member(node.id, node.browseName, node.nodeClass, node.dataType, node.valueRank, kind,
                typeDefinition(node).orElse(null));
    }

    private Optional<NodeRef> typeDefinition(UaNode node) {
        return target(node, "HasTypeDefinition", true);
    }

    private static Optional<NodeRef> target(UaNode node, String referenceType, boolean forward) {
        return node.references.stream()
                .filter(r -> r.type.equals(referenceType) && r.forward == forward)
                .map(Reference::target)
                .findFirst();
    }

    /** HasComponent, HasProperty, HasOrderedComponent, HasAddIn: the references that make a member of a type. */
    private static boolean isAggregate(String referenceType) {
        return referenceType.equals("HasComponent") || referenceType.equals("HasProperty")
                || referenceType.equals("HasOrderedComponent") || referenceType.equals("HasAddIn");
    }

    private UaNode node(NodeRef id) {
        UaNode node = nodes.get(id);
        if (node == null) {
            throw new IllegalArgumentException("no node " + id + " in the nodesets");
        }
        return node;
    }

    private void read(Element root) {
        List<String> uris = new ArrayList<>(List.of(OPC_UA));
        for (Element uri : children(child(root, "NamespaceUris"), "Uri")) {
            uris.add(uri.getTextContent().trim());
        }
        Map<String, String> aliases = new HashMap<>();
        for (Element alias : children(child(root, "Aliases"), "Alias")) {
            aliases.put(alias.getAttribute("Alias"), alias.getTextContent().trim());
        }
        aliases.forEach((alias, id) -> aliasNames.putIfAbsent(ref(id, Map.of(), uris), alias));
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (!(child instanceof Element e) || !e.getLocalName().startsWith("UA")) {
                continue;
            }
            List<Reference> references = new ArrayList<>();
            for (Element r : children(child(e, "References"), "Reference")) {
                String type = aliases.getOrDefault(r.getAttribute("ReferenceType"), r.getAttribute("ReferenceType"));
                references.add(new Reference(REFERENCE_NAMES.getOrDefault(type, type),
                        !"false".equals(r.getAttribute("IsForward")), ref(r.getTextContent().trim(), aliases, uris)));
            }
            String valueRank = e.getAttribute("ValueRank");
            String dataType = e.getAttribute("DataType");
            UaNode node = new UaNode(ref(e.getAttribute("NodeId"), aliases, uris),
                    name(e.getAttribute("BrowseName"), uris), e.getLocalName().substring(2),
                    dataType.isEmpty() ? null : ref(dataType, aliases, uris),
                    valueRank.isEmpty() ? -1 : Integer.parseInt(valueRank), references, e);
            nodes.put(node.id, node);
        }
    }

    private static NodeRef ref(String text, Map<String, String> aliases, List<String> uris) {
        String id = aliases.getOrDefault(text, text);
        if (id.startsWith("ns=")) {
            int semicolon = id.indexOf(';');
            return new NodeRef(uris.get(Integer.parseInt(id.substring(3, semicolon))), id.substring(semicolon + 1));
        }
        return new NodeRef(OPC_UA, id);
    }

    private static Name name(String browseName, List<String> uris) {
        int colon = browseName.indexOf(':');
        if (colon > 0 && browseName.substring(0, colon).chars().allMatch(Character::isDigit)) {
            return new Name(uris.get(Integer.parseInt(browseName.substring(0, colon))),
                    browseName.substring(colon + 1));
        }
        return new Name(OPC_UA, browseName);
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && localName.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    private static Element child(Element parent, String localName) {
        List<Element> found = children(parent, localName);
        return found.isEmpty() ? null : found.get(0);
    }
}
