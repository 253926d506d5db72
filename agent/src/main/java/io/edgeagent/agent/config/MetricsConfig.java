package io.edgeagent.agent.config;

import java.util.Objects;

/**
 * The Prometheus endpoint ({@code metrics:}). A file without the section serves none: the agent opens no TCP port
 * unless a technician asks for one.
 *
 * @param host the address to listen on as written: an IPv4 or IPv6 address ({@code 127.0.0.1}, {@code ::1}, or
 *             {@code 0.0.0.0} for every interface) or a host name of this device, resolved when the agent starts
 * @param port the TCP port, 1 to 65535
 */
public record MetricsConfig(String host, int port) {

    public MetricsConfig {
        Objects.requireNonNull(host, "host");
    }

    /** The address as {@code metrics.listen} takes it, an IPv6 address in brackets: for messages and logs. */
    public String listen() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
