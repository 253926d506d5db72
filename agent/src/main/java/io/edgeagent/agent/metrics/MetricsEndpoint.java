package io.edgeagent.agent.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.edgeagent.agent.config.MetricsConfig;
import io.edgeagent.agent.controlsocket.AgentStatus;
import io.edgeagent.agent.controlsocket.AgentView;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /metrics} (and {@code HEAD}) where {@code metrics.listen} says, with the JDK's own HTTP server:
 * the agent's status ({@link StatusMetrics}) and the JVM's memory, threads, GC and process figures, in the Prometheus
 * text format. Nothing else: another path is 404, another method 405, and nothing a request says changes the agent.
 *
 * <p>One thread, {@code metrics-http}, answers one request at a time; a few more connections wait for it and any
 * beyond those are closed at once, so scrapers can never take more of the agent than that thread. The JDK's server
 * adds its {@code HTTP-Dispatcher} and {@code idle-timeout-task}; {@link #close} stops all three.
 *
 * <p>Two steps, like the control socket: {@link #bind} takes the port while nothing of the agent runs yet, so a port
 * in use stops the start with little to undo, and answers 503 until {@link #serve} hands it the running agent. It
 * serves from the bind on because the JDK's server gives its port back only from its running dispatcher: one closed
 * before it started would keep the port until the process ends.
 */
public final class MetricsEndpoint implements AutoCloseable {

    public static final String PATH = "/metrics";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    /** Well inside Prometheus's default scrape timeout of 10 s, so a slow answer is a clear 503, not a timeout. */
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);
    /** Connections waiting for the thread, and waiting for the server to accept them. */
    private static final int WAITING = 8;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

    private final HttpServer server;
    private final MetricsConfig config;
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(WAITING), r -> new Thread(r, "metrics-http"));
    private final PrometheusRegistry jvm = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    /** What {@link #serve} hands over; {@code null} while the agent starts. */
    private volatile AgentView view;
    /** Whether the last scrape failed, so that a failing episode is logged once; on the {@code metrics-http} thread. */
    private boolean failing;

    private MetricsEndpoint(HttpServer server, MetricsConfig config) {
        this.server = server;
        this.config = config;
        JvmMemoryMetrics.builder().register(jvm);
        JvmThreadsMetrics.builder().register(jvm);
        JvmGarbageCollectorMetrics.builder().register(jvm);
        JvmBufferPoolMetrics.builder().register(jvm);
        JvmRuntimeInfoMetric.builder().register(jvm);
        ProcessMetrics.builder().register(jvm);
        server.setExecutor(worker);
        server.createContext("/", this::answer);
        server.start();
    }

    /** Takes the port; scrapes are answered 503 until {@link #serve}. */
    public static MetricsEndpoint bind(MetricsConfig config) {
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        String where = "cannot listen for Prometheus on " + config.listen() + " (metrics.listen): ";
        if (address.isUnresolved()) {
            throw new MetricsUnavailableException(where + config.host() + " does not resolve to an address: write an"
                    + " address of this device, e.g. 127.0.0.1:" + config.port(), null);
        }
        try {
            return new MetricsEndpoint(HttpServer.create(address, WAITING), config);
        } catch (BindException e) {
            throw new MetricsUnavailableException(where + why(e, config), e);
        } catch (IOException e) {
            throw new MetricsUnavailableException(where + e.getMessage(), e);
        }
    }

    private static String why(BindException e, MetricsConfig config) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("already in use")) {
            return "another program listens on port " + config.port() + " (`ss -ltnp 'sport = :" + config.port()
                    + "'` shows which): stop it, or give metrics.listen another port";
        }
        if (message.contains("assign requested address")) {
            return "no interface of this device has that address: use one it has (`ip -brief address`), 127.0.0.1,"
                    + " or 0.0.0.0 for every interface";
        }
        if (message.contains("Permission denied")) {
            return "ports below 1024 need a privilege the agent does not have: use a port from 1024 up, e.g. 9464";
        }
        return message;
    }

    /** Starts answering scrapes from {@code running}: the view of the running agent the control socket serves. */
    public void serve(AgentView running) {
        view = running;
        if (server.getAddress().getAddress().isLoopbackAddress()) {
            LOG.info("metrics: Prometheus can scrape http://{}{} (this device only)", config.listen(), PATH);
        } else {
            LOG.warn("metrics: serving http://{}{} beyond this device: anyone who reaches port {} reads the machines'"
                    + " states, the buffer and the agent's version, with no password; keep the port behind the plant's"
                    + " firewall (docs/metrics.md)", config.listen(), PATH, config.port());
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                text(exchange, 404, "not found: this endpoint serves " + PATH + " only\n");
                return;
            }
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                text(exchange, 405, method + " is not allowed: " + PATH + " is read-only (GET, HEAD)\n");
                return;
            }
            byte[] body;
            try {
                body = scrape();
            } catch (UnavailableException e) {
                text(exchange, 503, e.getMessage() + "\n");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    /** The whole answer, written before anything is sent, so that a failure is a 503 rather than a cut-off page. */
    private byte[] scrape() throws IOException, UnavailableException {
        AgentView running = view;
        if (running == null) {
            throw new UnavailableException("the agent is starting");
        }
        AgentStatus status;
        try {
            status = running.status().get(STATUS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unavailable("the agent did not give its status within " + STATUS_TIMEOUT.toSeconds()
                    + " s: its ingest thread is overloaded or stuck (see edge-agent status and the journal)");
        } catch (ExecutionException e) {
            throw unavailable("the agent did not give its status: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("the agent is stopping");
        }
        if (failing) {
            failing = false;
            LOG.info("metrics: the agent gives its status again; scrapes are answered");
        }
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        StatusMetrics.of(status).forEach(all::metricSnapshot);
        jvm.scrape().forEach(all::metricSnapshot);
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        writer.write(out, all.build(), EscapingScheme.UNDERSCORE_ESCAPING);
        return out.toByteArray();
    }

    private UnavailableException unavailable(String why) {
        if (!failing) {
            failing = true;
            LOG.warn("metrics: scrapes get 503 until the agent answers again: {}", why);
        }
        return new UnavailableException(why);
    }

    private static void text(HttpExchange exchange, int code, String message) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
    }

    /** Stops listening, ends the connections and stops the threads; a scrape under way is cut off. */
    @Override
    public void close() {
        server.stop(0);
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("metrics: the metrics-http thread did not stop within {} s", STOP_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The status could not be had: answered 503 with the reason. */
    private static final class UnavailableException extends Exception {
        UnavailableException(String message) {
            super(message);
        }
    }
}
