package io.edgeagent.agent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds {@code broker:}: URLs, credentials, TLS files, topic root, telemetry batching, the backfill rate, session and
 * keep-alive, and which feeds are published (JSON, Sparkplug B).
 */
final class BrokerBinder {

    static final List<String> SCHEMES = List.of("tcp", "ssl", "mqtt", "mqtts", "ws", "wss");
    private static final Set<String> TLS_SCHEMES = Set.of("ssl", "mqtts", "wss");
    // Same rule as the JSON Schema: levels without wildcards or blanks, no empty level, no '$' topics.
    private static final Pattern TOPIC_ROOT = Pattern.compile("[^#+/\\s$][^#+/\\s]*(/[^#+/\\s]+)*");
    private static final String URL_EXAMPLE = "e.g. ssl://mqtt.example.net:8883";
    // Sparkplug B 3.0, 4.1.1: group, edge node, device and host ids are UTF-8 without the MQTT separators.
    private static final Pattern SPARKPLUG_ID = Pattern.compile("[^+/#]+");

    private BrokerBinder() {
    }

    static Optional<BrokerConfig> bind(YamlValue value) {
        return value.map("urls", "username", "password", "passwordFile", "tls", "topicRoot", "telemetry", "backfill",
                "sessionExpirySeconds", "keepAliveSeconds", "json", "sparkplug")
                .flatMap(BrokerBinder::bind);
    }

    private static Optional<BrokerConfig> bind(YamlMap map) {
        Problems problems = map.context().problems();
        int before = problems.count();
        Optional<List<URI>> urls = map.require("urls", "the broker URLs, tried in order, " + URL_EXAMPLE)
                .flatMap(BrokerBinder::urls);
        String username = map.get("username").flatMap(YamlValue::text).orElse(null);
        Secret password = SecretBinder.bind(map).orElse(null);
        TlsConfig tls = map.get("tls").flatMap(BrokerBinder::tls).orElse(null);
        Optional<String> topicRoot = map.read("topicRoot", BrokerBinder::topicRoot, BrokerConfig.DEFAULT_TOPIC_ROOT);
        Optional<TelemetryConfig> telemetry = map.read("telemetry", BrokerBinder::telemetry, TelemetryConfig.DEFAULT);
        Optional<Long> backfill = map.read("backfill", BrokerBinder::backfill, (long) BrokerConfig.DEFAULT_BACKFILL_PER_SECOND);
        Optional<Long> sessionExpiry = map.read("sessionExpirySeconds", v -> v.whole(0, 4_294_967_295L, "seconds"),
                BrokerConfig.DEFAULT_SESSION_EXPIRY.toSeconds());
        // 0 would switch keep-alive off (MQTT 5, 3.1.2.10) and a silent path would never be noticed.
        Optional<Long> keepAlive = map.read("keepAliveSeconds", v -> v.whole(1, 65_535, "seconds"),
                BrokerConfig.DEFAULT_KEEP_ALIVE.toSeconds());
        Optional<Boolean> json = map.read("json", YamlValue::bool, true);
        SparkplugConfig sparkplug = map.get("sparkplug").flatMap(BrokerBinder::sparkplug).orElse(null);
        if (json.isPresent() && !json.get() && !map.has("sparkplug")) {
            problems.at(map.keyNode("json"), map.child("json") + " is false and " + map.child("sparkplug")
                    + " is not set, so the agent would publish nothing: remove json: false, or add sparkplug:"
                    + " { groupId: ... }");
        }
        if (tls != null && urls.isPresent() && urls.get().stream().noneMatch(u -> TLS_SCHEMES.contains(u.getScheme()))) {
            problems.at(map.keyNode("tls"), map.child("tls") + " is set but no broker URL uses TLS: use ssl://,"
                    + " mqtts:// or wss:// URLs, or remove tls");
        }
        return problems.ifNoneSince(before, () -> new BrokerConfig(urls.orElseThrow(), username, password, tls,
                topicRoot.orElseThrow(), telemetry.orElseThrow(), backfill.orElseThrow().intValue(),
                Duration.ofSeconds(sessionExpiry.orElseThrow()), Duration.ofSeconds(keepAlive.orElseThrow()),
                json.orElseThrow(), sparkplug));
    }

    private static Optional<SparkplugConfig> sparkplug(YamlValue value) {
        return value.map("groupId", "edgeNodeId", "primaryHostId", "aliases").flatMap(map -> {
            Problems problems = map.context().problems();
            int before = problems.count();
            Optional<String> group = map.require("groupId", "the Sparkplug group of this edge node, e.g. groupId:"
                    + " ningbo-p2").flatMap(BrokerBinder::sparkplugId);
            String node = map.get("edgeNodeId").flatMap(BrokerBinder::sparkplugId).orElse(null);
            String host = map.get("primaryHostId").flatMap(BrokerBinder::sparkplugId).orElse(null);
            Optional<Boolean> aliases = map.read("aliases", YamlValue::bool, true);
            return problems.ifNoneSince(before, () -> new SparkplugConfig(group.orElseThrow(), node, host,
                    aliases.orElseThrow()));
        });
    }

    private static Optional<String> sparkplugId(YamlValue value) {
        return value.text().filter(id -> {
            if (SPARKPLUG_ID.matcher(id).matches()) {
                return true;
            }
            value.problem(value.path() + " '" + id + "' is not a valid Sparkplug id: it becomes a topic level, so"
                    + " it must not be empty or hold '+', '/' or '#'");
            return false;
        });
    }

    private static Optional<List<URI>> urls(YamlValue value) {
        return value.nonEmptyListOf("broker URL, " + URL_EXAMPLE, item -> item.text().flatMap(text -> url(item, text)));
    }

    // URLs are never echoed: one with user info would carry a password.
    private static Optional<URI> url(YamlValue item, String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            item.problem(item.path() + " is not a valid URL: write scheme://host:port, " + URL_EXAMPLE);
            return Optional.empty();
        }
        String problem = null;
        if (!text.contains("://")) {
            problem = " has no scheme: write scheme://host:port with scheme " + String.join(", ", SCHEMES) + ", "
                    + URL_EXAMPLE;
        } else if (!SCHEMES.contains(uri.getScheme())) {
            problem = " uses scheme '" + uri.getScheme() + "': use one of " + String.join(", ", SCHEMES) + ", "
                    + URL_EXAMPLE;
        } else if (uri.getRawUserInfo() != null) {
            problem = " contains a user name or password: remove it and use broker.username and"
                    + " broker.password instead";
        } else if (uri.getHost() == null) {
            problem = " has no valid host name: write scheme://host:port, " + URL_EXAMPLE;
        } else if (uri.getPort() < 0) {
            problem = " has no port: add it, e.g. :8883 for ssl or mqtts, :1883 for tcp or mqtt";
        } else if (!Ports.isValid(uri.getPort())) {
            problem = " has port " + uri.getPort() + ": use a port from " + Ports.RANGE + ", e.g. :8883 for ssl or"
                    + " mqtts, :1883 for tcp or mqtt";
        }
        if (problem != null) {
            item.problem(item.path() + problem);
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    private static Optional<TlsConfig> tls(YamlValue value) {
        return value.map("caFile", "certFile", "keyFile").flatMap(map -> {
            Problems problems = map.context().problems();
            int before = problems.count();
            Path ca = map.get("caFile").flatMap(BrokerBinder::existingFile).orElse(null);
            Path cert = map.get("certFile").flatMap(BrokerBinder::existingFile).orElse(null);
            Path key = map.get("keyFile").flatMap(BrokerBinder::existingFile).orElse(null);
            if (map.has("certFile") != map.has("keyFile")) {
                map.problem(map.path() + " needs certFile and keyFile together (the client certificate and its"
                        + " private key), or neither");
            }
            return problems.ifNoneSince(before, () -> new TlsConfig(ca, cert, key));
        });
    }

    private static Optional<Path> existingFile(YamlValue value) {
        return value.filePath().filter(file -> {
            if (Files.isRegularFile(file) && Files.isReadable(file)) {
                return true;
            }
            String message = value.path() + ": cannot read '" + file + "': "
                    + (Files.exists(file) ? "not a readable file" : "no such file")
                    + "; a relative path is taken from the folder of the config file";
            if (Files.isDirectory(file)) {
                value.problem(message);
            } else {
                // Not there, or not for this user: config validate may run elsewhere, or as another user.
                value.context().problems().absent(value.node(), message);
            }
            return false;
        });
    }

    private static Optional<String> topicRoot(YamlValue value) {
        return value.text().filter(root -> {
            if (TOPIC_ROOT.matcher(root).matches()) {
                return true;
            }
            value.problem(value.path() + " '" + root + "' is not valid: " + topicRootRule(root));
            return false;
        });
    }

    private static String topicRootRule(String root) {
        if (root.contains("#") || root.contains("+")) {
            return "remove the MQTT wildcards # and +";
        }
        if (root.startsWith("/") || root.endsWith("/") || root.contains("//")) {
            return "no '/' at the start or end and no empty level, e.g. cf/v1";
        }
        if (root.startsWith("$")) {
            return "topics starting with '$' are reserved for the broker";
        }
        return "no spaces, e.g. cf/v1";
    }

    private static Optional<Long> backfill(YamlValue value) {
        return value.map("maxPerSecond").flatMap(map -> map.read("maxPerSecond",
                v -> v.whole(0, 1_000_000, "messages a second"), (long) BrokerConfig.DEFAULT_BACKFILL_PER_SECOND));
    }

    private static Optional<TelemetryConfig> telemetry(YamlValue value) {
        return value.map("qos", "batchMs", "expirySeconds").flatMap(map -> {
            Problems problems = map.context().problems();
            int before = problems.count();
            Optional<Integer> qos = map.read("qos", v -> v.wholeInt(0, 1, null), TelemetryConfig.DEFAULT.qos());
            Optional<Long> batchMs = map.read("batchMs", v -> v.whole(50, 60_000, "milliseconds"),
                    TelemetryConfig.DEFAULT.batch().toMillis());
            Optional<Long> expiry = map.read("expirySeconds", v -> v.whole(0, 4_294_967_295L, "seconds"),
                    TelemetryConfig.DEFAULT_EXPIRY.toSeconds());
            return problems.ifNoneSince(before, () -> new TelemetryConfig(qos.orElseThrow(),
                    Duration.ofMillis(batchMs.orElseThrow()), Duration.ofSeconds(expiry.orElseThrow())));
        });
    }
}
