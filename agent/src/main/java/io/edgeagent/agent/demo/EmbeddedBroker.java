package io.edgeagent.agent.demo;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An MQTT 5 broker (HiveMQ CE, embedded) on a loopback port, for the demo and for tests. Never used by
 * {@code edge-agent run}: a real installation talks to the factory's or the cloud's broker.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private final EmbeddedHiveMQ hivemq;
    private final int port;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, int port) {
        this.hivemq = hivemq;
        this.port = port;
    }

    /**
     * Starts a broker listening on 127.0.0.1:{@code port}, keeping its files under {@code workDir}.
     *
     * @throws IllegalStateException when it cannot start (most often: the port is taken)
     */
    public static EmbeddedBroker start(int port, Path workDir) {
        Path conf = workDir.resolve("conf");
        try {
            Files.createDirectories(conf);
            Files.createDirectories(workDir.resolve("data"));
            Files.createDirectories(workDir.resolve("extensions"));
            Files.writeString(conf.resolve("config.xml"), """
                    <?xml version="1.0"?>
                    <hivemq>
                        <listeners>
                            <tcp-listener>
                                <port>%d</port>
                                <bind-address>127.0.0.1</bind-address>
                            </tcp-listener>
                        </listeners>
                        <persistence>
                            <mode>in-memory</mode>
                        </persistence>
                        <anonymous-usage-statistics>
                            <enabled>false</enabled>
                        </anonymous-usage-statistics>
                    </hivemq>
                    """.formatted(port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded broker's folder " + workDir, e);
        }
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(workDir.resolve("data"))
                .withExtensionsFolder(workDir.resolve("extensions"))
                .withoutLoggingBootstrap()
                .build();
        try {
            hivemq.start().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded broker", e);
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly(hivemq);
            throw new IllegalStateException("embedded MQTT broker could not start on 127.0.0.1:" + port
                    + " (is the port in use?): " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } finally {
            // HiveMQ installs a JVM-wide handler that calls System.exit(1) on any uncaught exception.
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        return new EmbeddedBroker(hivemq, port);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        closeQuietly(hivemq);
    }

    private static void closeQuietly(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.stop().get(15, TimeUnit.SECONDS);
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Stopping is best effort: the process is ending or the test is done with it.
        }
    }
}
