package io.edgeagent.agent.config;

import java.nio.file.Path;

/**
 * PEM files for the broker connection ({@code broker.tls:}); each path is absolute and the file existed
 * when the config was loaded. Any of them may be {@code null}: no {@code caFile} means the JVM's trusted
 * CAs, no {@code certFile}/{@code keyFile} (always both or neither) means no client certificate.
 */
public record TlsConfig(Path caFile, Path certFile, Path keyFile) {
}
