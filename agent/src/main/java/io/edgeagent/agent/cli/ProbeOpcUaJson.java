package io.edgeagent.agent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.drivers.opcua.BrowseListing;
import io.edgeagent.drivers.opcua.DiscoveredServer;
import io.edgeagent.drivers.opcua.ProbedNode;
import io.edgeagent.drivers.opcua.ProfileCheck;

/** What {@code edge-agent probe opcua --json} found, for scripts: each answer an object in the report. */
final class ProbeOpcUaJson {

    private ProbeOpcUaJson() {
    }

    static void server(ObjectNode json, DiscoveredServer server) {
        json.put("applicationName", server.applicationName()).put("applicationUri", server.applicationUri())
                .put("productUri", server.productUri());
        server.endpoints().forEach(e -> {
            ObjectNode endpoint = json.withArray("endpoints").addObject().put("url", e.url())
                    .put("securityPolicy", e.securityPolicy()).put("securityMode", e.securityMode())
                    .put("securityLevel", e.securityLevel()).put("certificateThumbprint", e.certificateThumbprint());
            e.userTokens().forEach(endpoint.withArray("userTokens")::add);
        });
        server.certificates().forEach(c -> json.withArray("certificates").addObject()
                .put("thumbprint", c.thumbprint()).put("subject", c.subject())
                .put("applicationUri", c.applicationUri()).put("notBefore", c.notBefore().toString())
                .put("notAfter", c.notAfter().toString()));
    }

    static void browse(ObjectNode json, BrowseListing found, int levels) {
        json.put("depth", levels).put("truncated", found.truncated());
        node(json.putObject("start"), found.start());
        found.nodes().forEach(n -> node(json.withArray("nodes").addObject(), n));
    }

    static void profile(ObjectNode json, ProfileCheck check) {
        json.put("profile", check.profile().configName()).put("machine", check.machine());
        check.found().forEach(f -> node(json.withArray("found").addObject().put("signal", f.signal())
                .put("path", f.path()), f.node()));
        check.missing().forEach(m -> json.withArray("missing").addObject().put("signal", m.signal())
                .put("path", m.path()).put("detail", m.detail()));
    }

    static void node(ObjectNode json, ProbedNode n) {
        json.put("depth", n.depth()).put("nodeId", n.nodeId()).put("browseName", n.browseName())
                .put("namespaceUri", n.namespaceUri()).put("nodeClass", n.nodeClass());
        if (!n.isVariable()) {
            return;
        }
        json.put("dataType", n.dataType());
        if (n.value() instanceof Boolean b) {
            json.put("value", b);
        } else if (n.value() instanceof Long l) {
            json.put("value", l);
        } else if (n.value() instanceof Double d && Double.isFinite(d)) {
            json.put("value", d);
        } else {
            // NaN and infinities are not JSON numbers; text, arrays and the rest are strings.
            json.put("value", n.value() == null ? null : String.valueOf(n.value()));
        }
        json.put("status", n.status()).put("sourceTime", n.sourceTime() == null ? null : n.sourceTime().toString());
    }
}
