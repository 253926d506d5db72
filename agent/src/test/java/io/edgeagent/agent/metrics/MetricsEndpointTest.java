package io.edgeagent.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.capacity.CapacityPicture;
import io.edgeagent.agent.config.MetricsConfig;
import io.edgeagent.agent.controlsocket.AgentStatus;
import io.edgeagent.agent.controlsocket.AgentView;
import io.edgeagent.agent.ingest.MachineSnapshot;
import io.edgeagent.agent.ingest.ReadingListener;
import io.edgeagent.agent.state.StateExplanation;
import io.edgeagent.agent.testing.Exposition;
import io.edgeagent.agent.testing.FakeAgentView;
import io.edgeagent.agent.testing.Ports;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The endpoint over real HTTP on loopback, in front of an agent with fixed answers. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsEndpointTest {

    static final List<String> THREADS = List.of("metrics-http", "HTTP-Dispatcher", "idle-timeout-task");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void servesTheStatusAndTheJvmAtMetricsReadOnlyAndNothingElse() throws Exception {
        int port = Ports.free();
        try (MetricsEndpoint endpoint = MetricsEndpoint.bind(new MetricsConfig("127.0.0.1", port))) {
            endpoint.serve(new FakeAgentView(dir.resolve("agent.yaml"), "c0ffee", dir));
            String base = "http://127.0.0.1:" + port;

            HttpResponse<String> get = send(base + "/metrics", "GET");
            assertEquals(200, get.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", get.headers().firstValue("Content-Type").orElse(""));
            Exposition e = Exposition.parse(get.body());
            assertEquals(1, e.value("edge_agent_machine_state", "machine", "imm-01", "state", "RUNNING"));
            assertEquals(1, e.value("edge_agent_machine_state", "machine", "imm-02", "state", "OFFLINE"));
            assertEquals(5123, e.value("edge_agent_readings_total", "machine", "imm-01"));
            assertEquals(500, e.value("edge_agent_seq"));
            assertEquals(3, e.value("edge_agent_bdseq"));
            assertEquals(1, e.value("edge_agent_info", "agent", "gw-test", "site", "plant-a", "version", "9.9.9",
                    "config_hash", "c0ffee"));
            assertTrue(e.value("jvm_memory_used_bytes", "area", "heap") > 0);
            assertTrue(e.value("jvm_threads_current") > 0);
            assertTrue(e.value("process_resident_memory_bytes") > 0);
            assertEquals("counter", e.family("process_cpu_seconds_total").type());

            assertEquals(200, send(base + "/metrics?name[]=edge_agent_seq", "GET").statusCode(), "a query changes nothing");
            HttpResponse<String> head = send(base + "/metrics", "HEAD");
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());
            for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
                HttpResponse<String> refused = send(base + "/metrics", method);
                assertEquals(405, refused.statusCode(), method);
                assertEquals("GET, HEAD", refused.headers().firstValue("Allow").orElse(""), method);
            }
            for (String path : List.of("/", "/metrics/", "/metricsx", "/-/healthy", "/favicon.ico")) {
                HttpResponse<String> missing = send(base + path, "GET");
                assertEquals(404, missing.statusCode(), path);
                assertEquals("not found: this endpoint serves /metrics only\n", missing.body(), path);
            }
        }
    }

    @Test
    void anAgentThatGivesNoStatusIsA503WithTheReasonAndThenServedAgain() throws Exception {
        int port = Ports.free();
        SlowView view = new SlowView(new FakeAgentView(dir.resolve("agent.yaml"), "c0ffee", dir));
        try (MetricsEndpoint endpoint = MetricsEndpoint.bind(new MetricsConfig("127.0.0.1", port))) {
            endpoint.serve(view);
            HttpResponse<String> stuck = send("http://127.0.0.1:" + port + "/metrics", "GET");
            assertEquals(503, stuck.statusCode());
            assertTrue(stuck.body().startsWith("the agent did not give its status within 5 s"), stuck.body());

            view.stuck = false;
            assertEquals(200, send("http://127.0.0.1:" + port + "/metrics", "GET").statusCode());
        }
    }

    @Test
    void untilTheAgentIsUpScrapesAre503AndAnEndpointNeverServedGivesItsPortBack() throws Exception {
        int port = Ports.free();
        Set<Thread> before = threads();
        MetricsEndpoint endpoint = MetricsEndpoint.bind(new MetricsConfig("127.0.0.1", port));
        HttpResponse<String> starting = send("http://127.0.0.1:" + port + "/metrics", "GET");
        assertEquals(503, starting.statusCode());
        assertEquals("the agent is starting\n", starting.body());

        endpoint.close();

        assertEquals(before.size(), threadsOnceEnded(before));
        new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
    }

    @Test
    void aPortInUseStopsTheBindNamingTheAddressAndWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            MetricsUnavailableException e = assertThrows(MetricsUnavailableException.class,
                    () -> MetricsEndpoint.bind(new MetricsConfig("127.0.0.1", port)));
            assertEquals("cannot listen for Prometheus on 127.0.0.1:" + port + " (metrics.listen): another program"
                    + " listens on port " + port + " (`ss -ltnp 'sport = :" + port + "'` shows which): stop it, or give"
                    + " metrics.listen another port", e.getMessage());
        }
    }

    @Test
    void anAddressThisDeviceDoesNotHaveIsRefusedWithWhatToDo() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737), on no interface of any machine: only the bind is tried, nothing is sent.
        MetricsUnavailableException e = assertThrows(MetricsUnavailableException.class,
                () -> MetricsEndpoint.bind(new MetricsConfig("192.0.2.1", 9464)));
        assertTrue(e.getMessage().startsWith("cannot listen for Prometheus on 192.0.2.1:9464 (metrics.listen): no"
                + " interface of this device has that address"), e.getMessage());
    }

    @Test
    void closeStopsItsThreadsAndFreesThePort() throws Exception {
        int port = Ports.free();
        Set<Thread> before = threads();
        MetricsEndpoint endpoint = MetricsEndpoint.bind(new MetricsConfig("127.0.0.1", port));
        endpoint.serve(new FakeAgentView(dir.resolve("agent.yaml"), "c0ffee", dir));
        assertEquals(200, send("http://127.0.0.1:" + port + "/metrics", "GET").statusCode());
        assertEquals(before.size() + THREADS.size(), threads().size(), "its three threads, by name");

        endpoint.close();

        assertEquals(before.size(), threadsOnceEnded(before), "none of its threads left");
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
        try (MetricsEndpoint again = MetricsEndpoint.bind(new MetricsConfig("127.0.0.1", port))) {
            again.serve(new FakeAgentView(dir.resolve("agent.yaml"), "c0ffee", dir));
            assertEquals(200, send("http://127.0.0.1:" + port + "/metrics", "GET").statusCode(), "the port is free again");
        }
    }

    /** The live threads an endpoint runs on, by name. */
    static Set<Thread> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && THREADS.contains(t.getName()))
                .collect(Collectors.toSet());
    }

    /**
     * How many endpoint threads are left once every one not in {@code before} has ended, each joined for at most 5 s:
     * a thread whose work is done takes a moment to be gone, and the JDK ends its timer's thread without waiting for it.
     */
    static int threadsOnceEnded(Set<Thread> before) throws InterruptedException {
        for (Thread t : threads()) {
            if (!before.contains(t)) {
                t.join(5_000);
            }
        }
        return threads().size();
    }

    private HttpResponse<String> send(String url, String method) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The fixed agent, except that its status does not come while {@link #stuck}: an ingest thread that is stuck. */
    private static final class SlowView implements AgentView {
        private final AgentView agent;
        volatile boolean stuck = true;

        SlowView(AgentView agent) {
            this.agent = agent;
        }

        @Override
        public Map<String, List<String>> configured() {
            return agent.configured();
        }

        @Override
        public CompletableFuture<AgentStatus> status() {
            return stuck ? new CompletableFuture<>() : agent.status();
        }

        @Override
        public CompletableFuture<List<MachineSnapshot>> machines() {
            return agent.machines();
        }

        @Override
        public CompletableFuture<Optional<StateExplanation>> explain(String machineId) {
            return agent.explain(machineId);
        }

        @Override
        public CompletableFuture<List<CapacityPicture>> windows() {
            return agent.windows();
        }

        @Override
        public void addListener(ReadingListener listener) {
            agent.addListener(listener);
        }

        @Override
        public void removeListener(ReadingListener listener) {
            agent.removeListener(listener);
        }
    }
}
