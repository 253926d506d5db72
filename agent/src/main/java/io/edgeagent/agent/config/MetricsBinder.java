package io.edgeagent.agent.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Binds {@code metrics:}: where the Prometheus endpoint listens. */
final class MetricsBinder {

    private static final String EXAMPLE = "listen: 127.0.0.1:9464";
    /** A host name or IPv4 address, or an IPv6 address in brackets; then the port, which is never implied. */
    private static final Pattern LISTEN = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([A-Za-z0-9.-]+)):(\\d{1,5})");
    private static final Pattern IPV4 = Pattern.compile("[0-9.]+");
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4_PARTS = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

    private MetricsBinder() {
    }

    static Optional<MetricsConfig> bind(YamlValue value) {
        return value.map("listen").flatMap(map -> map.require("listen", "where Prometheus scrapes, e.g. "
                + EXAMPLE + " (this device only) or listen: 0.0.0.0:9464 (every interface: see docs/metrics.md first)"))
                .flatMap(MetricsBinder::listen);
    }

    private static Optional<MetricsConfig> listen(YamlValue value) {
        return value.text().flatMap(text -> {
            Matcher m = LISTEN.matcher(text);
            String host = m.matches() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
            if (host == null || IPV4.matcher(host).matches() && !IPV4_PARTS.matcher(host).matches()) {
                value.problem(value.path() + " '" + text + "' is not host:port: write an address of this device and"
                        + " a port, e.g. 127.0.0.1:9464 (this device only), [::1]:9464, or 0.0.0.0:9464 (every"
                        + " interface)");
                return Optional.empty();
            }
            int port = Integer.parseInt(m.group(3));
            if (!Ports.isValid(port)) {
                value.problem(value.path() + " has port " + port + ": use a port from " + Ports.RANGE + ", e.g. "
                        + EXAMPLE);
                return Optional.empty();
            }
            return Optional.of(new MetricsConfig(host, port));
        });
    }
}
