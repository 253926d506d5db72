package io.edgeagent.drivers.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.encoding.EncodingContext;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.FilterOperator;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilterElement;
import org.eclipse.milo.opcua.stack.core.types.structured.ElementOperand;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.LiteralOperand;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;

/** EventFilters (OPC 10000-4 7.22.3) as the driver asks for events: select clauses, and a where clause by type. */
final class EventFilters {

    private EventFilters() {
    }

    /** A select clause: the value of the property at {@code path} below an event of {@code type} (or a subtype). */
    static SimpleAttributeOperand field(NodeId type, QualifiedName... path) {
        return new SimpleAttributeOperand(type, path, AttributeId.Value.uid(), null);
    }

    /**
     * Selects {@code fields} of events whose type is one of {@code types} or a subtype of one (OfType, joined by Or).
     *
     * @throws IllegalArgumentException without a type
     */
    static EventFilter ofTypes(List<SimpleAttributeOperand> fields, List<NodeId> types, EncodingContext context) {
        if (types.isEmpty()) {
            throw new IllegalArgumentException("an event filter needs a type");
        }
        List<ContentFilterElement> elements = new ArrayList<>();
        addOfAnyType(types, elements, context);
        return new EventFilter(fields.toArray(SimpleAttributeOperand[]::new),
                new ContentFilter(elements.toArray(ContentFilterElement[]::new)));
    }

    // Element 0 must be the whole condition (OPC 10000-4 7.7.1): Or(OfType(first), <rest>), the rest built likewise.
    private static void addOfAnyType(List<NodeId> types, List<ContentFilterElement> elements, EncodingContext context) {
        ExtensionObject ofFirst = ExtensionObject.encode(context, new LiteralOperand(new Variant(types.get(0))));
        if (types.size() == 1) {
            elements.add(new ContentFilterElement(FilterOperator.OfType, new ExtensionObject[] {ofFirst}));
            return;
        }
        int at = elements.size();
        elements.add(null);
        int first = elements.size();
        elements.add(new ContentFilterElement(FilterOperator.OfType, new ExtensionObject[] {ofFirst}));
        int rest = elements.size();
        addOfAnyType(types.subList(1, types.size()), elements, context);
        elements.set(at, new ContentFilterElement(FilterOperator.Or, new ExtensionObject[] {
                ExtensionObject.encode(context, new ElementOperand(uint(first))),
                ExtensionObject.encode(context, new ElementOperand(uint(rest)))}));
    }
}
