package io.edgeagent.agent.controlsocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.agent.testing.FakeAgentView;
import io.edgeagent.drivers.Reading;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The control socket against a fake agent: its protection, the protocol, tails, limits and stopping. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ControlServerTest {

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final List<ControlClient> clients = new ArrayList<>();
    private final List<SocketChannel> raws = new ArrayList<>();
    private Path socket;
    private FakeAgentView view;
    private ControlServer server;

    @BeforeEach
    void start() {
        socket = dir.resolve(ControlServer.SOCKET_NAME);
        view = new FakeAgentView(dir.resolve("agent.yaml"), "0".repeat(64), dir);
        server = ControlServer.bind(socket);
        server.serve(view, Clock.fixed(FakeAgentView.NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() throws IOException {
        for (ControlClient c : clients) {
            c.close();
        }
        for (SocketChannel c : raws) {
            c.close();
        }
        server.close();
    }

    @Test
    void theSocketIsForOwnerAndGroupOnlyAndGoesAwayOnClose() throws Exception {
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertTrue(Files.readAttributes(socket, BasicFileAttributes.class).isOther(), "a socket, not a regular file");
        server.close();
        assertFalse(Files.exists(socket), "the socket file is removed on close");
    }

    @Test
    void aSocketLeftByACrashedAgentIsReplaced() throws Exception {
        server.close();
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket), "closing a channel leaves its socket file behind, as a crash does");
        server = ControlServer.bind(socket);
        server.serve(view, Clock.fixed(FakeAgentView.NOW, ZoneOffset.UTC));
        assertTrue(client().ask(request("status")).get("ok").asBoolean());
    }

    @Test
    void answersEveryQuestionOnOneConnection() throws Exception {
        ControlClient c = client();
        JsonNode status = c.ask(request("status"));
        assertTrue(status.get("ok").asBoolean(), status.toString());
        assertEquals("2026-11-24T15:00:00.000Z", status.get("at").asText());
        assertEquals("gw-test", status.get("agent").get("id").asText());
        assertEquals(8100, status.get("agent").get("uptimeSeconds").asLong());
        assertEquals("tcp://broker.local:1883", status.get("broker").get("url").asText());
        assertEquals(12, status.get("buffer").get("telemetry").get("waiting").asLong());
        assertEquals("2026-11-24T14:59:57.000Z", status.get("buffer").get("telemetry").get("oldest").asText());
        assertTrue(status.get("buffer").get("events").get("oldest").isNull());
        assertEquals(7, status.get("buffer").get("droppedTelemetry").asLong());
        JsonNode imm2 = status.get("machines").get(1);
        assertEquals("OFFLINE", imm2.get("state").asText());
        assertEquals("connection refused", imm2.get("connection").get("lastError").asText());
        assertTrue(imm2.get("lastReading").isNull());

        JsonNode machines = c.ask(request("machines").put("machine", "imm-01"));
        assertEquals(1, machines.get("machines").size());
        JsonNode signals = machines.get("machines").get(0).get("signals");
        assertEquals(List.of("cycleCounter", "mouldTemp", "standstillReason"),
                List.of(signals.get(0).get("signal").asText(), signals.get(1).get("signal").asText(),
                        signals.get(2).get("signal").asText()), "configured signals in file order");
        assertTrue(signals.get(0).get("value").isIntegralNumber(), "a counter stays a number");
        assertEquals("UNCERTAIN", signals.get(1).get("quality").asText());
        assertTrue(signals.get(2).get("arrived").isNull(), "a signal that never reported is listed with nulls");

        JsonNode why = c.ask(request("why").put("machine", "imm-01"));
        assertEquals("RUNNING", why.get("decidedNow").get("state").asText());
        assertEquals(3, why.get("rules").size());
        assertEquals(1234, why.get("values").get("cycleCounter").asLong());

        JsonNode windows = c.ask(request("windows").put("machine", "imm-01"));
        JsonNode imm1 = windows.get("machines").get(0);
        assertEquals("2026-11-24T14:50:00.000Z", imm1.get("open").get("since").asText());
        assertEquals(57_600, imm1.get("windows").get(0).get("estimatedParts").asLong());
        assertEquals("order-4711", imm1.get("reservations").get(0).get("reference").asText());
    }

    @Test
    void aBadRequestIsAnsweredWithTheFixAndTheConnectionStaysUsable() throws Exception {
        ControlClient c = client();
        c.send(json.createObjectNode());
        assertBadRequest(c.next(), "a request is a JSON object with \"op\"");
        assertBadRequest(c.ask(request("reboot")), "unknown op 'reboot': one of [status, machines, why, windows, buffer, tail]");
        assertBadRequest(c.ask(request("why")), "why needs a machine");
        assertBadRequest(c.ask(request("machines").put("machine", "imm-9")),
                "unknown machine 'imm-9': configured are imm-01, imm-02");
        assertBadRequest(c.ask(request("tail").put("machine", "imm-02").put("signal", "mouldTemp")),
                "unknown signal 'mouldTemp' of imm-02: configured are cycleCounter");
        assertTrue(c.ask(request("status")).get("ok").asBoolean());
    }

    @Test
    void notJsonAndOverlongLinesAreRefused() throws Exception {
        try (SocketChannel raw = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            raw.write(ByteBuffer.wrap("status please\n".getBytes(StandardCharsets.UTF_8)));
            raw.write(ByteBuffer.wrap(("{\"op\":\"" + "x".repeat(Request.MAX_BYTES) + "\"}\n")
                    .getBytes(StandardCharsets.UTF_8)));
            LineReader lines = new LineReader(Channels.newInputStream(raw), 1 << 20);
            assertTrue(json.readTree(lines.next()).get("error").asText().startsWith("not JSON"));
            assertTrue(json.readTree(lines.next()).get("error").asText().contains("longer than 4096 bytes"));
            assertNull(lines.next(), "the agent hangs up after a line it will not read");
        }
    }

    @Test
    void tailFollowsOnlyTheSignalAskedFor() throws Exception {
        ControlClient c = client();
        JsonNode first = c.ask(request("tail").put("machine", "imm-01").put("signal", "cycleCounter"));
        assertTrue(first.get("ok").asBoolean(), first.toString());
        view.awaitListener();
        view.emit(Reading.good("imm-01", "mouldTemp", 45.0, FakeAgentView.NOW));
        view.emit(Reading.good("imm-02", "cycleCounter", 7L, FakeAgentView.NOW));
        view.emit(Reading.good("imm-01", "cycleCounter", 1235L, FakeAgentView.NOW));
        JsonNode line = c.next();
        assertEquals("reading", line.get("type").asText());
        assertEquals("imm-01", line.get("machine").asText());
        assertEquals("cycleCounter", line.get("signal").asText());
        assertEquals(1235, line.get("value").asLong());
        assertEquals("GOOD", line.get("quality").asText());
        assertEquals("2026-11-24T15:00:00.000Z", line.get("arrived").asText());
        c.close();
        view.emit(Reading.good("imm-01", "cycleCounter", 1236L, FakeAgentView.NOW));
        view.awaitListenerRemoved();
    }

    /** The listener runs on the ingest thread: it must return at once even when the client reads nothing. */
    @Test
    void aTailClientThatDoesNotReadLosesReadingsAndNeverHoldsUpIngest() throws Exception {
        ControlClient c = client();
        assertTrue(c.ask(request("tail")).get("ok").asBoolean());
        view.awaitListener();
        int sent = 50_000;
        for (int i = 0; i < sent; i++) {
            view.emit(Reading.good("imm-01", "cycleCounter", (long) i, FakeAgentView.NOW));
        }
        long readings = 0;
        long dropped = 0;
        long last = -1;
        while (readings + dropped < sent) {
            JsonNode line = c.next();
            if (line.get("type").asText().equals("reading")) {
                readings++;
                assertTrue(line.get("value").asLong() > last, "readings keep their order");
                last = line.get("value").asLong();
            } else if (line.get("type").asText().equals("dropped")) {
                dropped += line.get("count").asLong();
            }
        }
        assertTrue(dropped > 0, "a client that did not read lost readings");
        assertEquals(sent, readings + dropped, "every reading is either delivered or counted as dropped");
    }

    /** An idle connection waits without a thread: more of them than there are workers keep no one out. */
    @Test
    void idleConnectionsKeepNoOneOutAndTheLongestWaitingMakesRoom() throws Exception {
        ControlLimits limits = ControlLimits.DEFAULT;
        for (int i = 0; i < limits.waiting() + limits.requests() + 1; i++) {
            raw();
        }
        JsonNode status = client().ask(request("status"));
        assertTrue(status.get("ok").asBoolean(), status.toString());
        LineReader first = new LineReader(Channels.newInputStream(raws.get(0)), 1 << 20);
        assertBusy(json.readTree(first.next()), "the agent is busy serving 64 other clients: try again in a moment");
        assertNull(first.next(), "the connection that waited longest was closed to make room");
    }

    @Test
    void aConnectionThatSendsNoCompleteRequestInTimeIsClosed() throws Exception {
        restart(new ControlLimits(8, 4, 64, Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(10)));
        SocketChannel silent = raw();
        SocketChannel unfinished = raw();
        unfinished.write(ByteBuffer.wrap("{\"op\":\"sta".getBytes(StandardCharsets.UTF_8)));
        for (SocketChannel c : List.of(silent, unfinished)) {
            LineReader lines = new LineReader(Channels.newInputStream(c), 1 << 20);
            assertBadRequest(json.readTree(lines.next()), "no complete request within 0.05 s: closing");
            assertNull(lines.next(), "closed by the agent");
        }
        ControlClient answered = client();
        assertTrue(answered.ask(request("status")).get("ok").asBoolean());
        assertBadRequest(answered.next(), "no complete request within 0.1 s: closing");
        assertNull(answered.next(), "closed by the agent");
    }

    /** Requests hold a worker only while their answer is written: one whose client does not read is given up. */
    @Test
    void aClientThatDoesNotReadItsAnswersIsClosed() throws Exception {
        restart(new ControlLimits(8, 4, 64, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(50)));
        SocketChannel greedy = raw();
        ByteBuffer ask = ByteBuffer.wrap("{\"op\":\"machines\"}\n".getBytes(StandardCharsets.UTF_8));
        // Asks more than the socket buffers hold and reads nothing: once its answers fill them, the agent hangs up.
        assertThrows(IOException.class, () -> {
            while (true) {
                greedy.write(ask.rewind());
            }
        }, "the agent closed the connection");
        assertTrue(client().ask(request("status")).get("ok").asBoolean());
    }

    @Test
    void tailsHaveALimitOfTheirOwnAndNeverKeepStatusOut() throws Exception {
        ControlLimits limits = ControlLimits.DEFAULT;
        for (int i = 0; i < limits.tails(); i++) {
            assertTrue(client().ask(request("tail")).get("ok").asBoolean());
        }
        for (int i = 0; i < limits.requests(); i++) {
            assertBusy(client().ask(request("tail")),
                    "the agent is already serving 4 tails, the most it runs at once: end one (Ctrl-C) and try again");
        }
        JsonNode status = client().ask(request("status"));
        assertTrue(status.get("ok").asBoolean(), status.toString());
    }

    /** A worker is kept for status: the one question asked when something seems wrong always gets its answer. */
    @Test
    void statusIsAnsweredWhileEveryOtherWorkerIsBusy() throws Exception {
        view.holdMachines();
        int others = ControlLimits.DEFAULT.requests() - 1;
        List<ControlClient> waiting = new ArrayList<>();
        for (int i = 0; i < others; i++) {
            waiting.add(client());
            waiting.get(i).send(request("machines"));
        }
        view.awaitMachinesAsked(others);
        assertBusy(client().ask(request("machines")), "the agent is busy serving 7 other clients: try again in a moment");
        JsonNode status = client().ask(request("status"));
        assertTrue(status.get("ok").asBoolean(), status.toString());
        view.answerMachines();
        for (ControlClient c : waiting) {
            assertTrue(c.next().get("ok").asBoolean(), "a busy agent answers the clients it took");
        }
    }

    @Test
    void stoppingEndsEveryTailAndEveryThreadAndRemovesTheSocket() throws Exception {
        ControlClient tail = client();
        assertTrue(tail.ask(request("tail")).get("ok").asBoolean());
        view.awaitListener();
        server.close();
        assertNull(tail.next(), "the tail ends when the agent stops");
        assertFalse(Files.exists(socket));
        assertTrue(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .noneMatch(n -> n.startsWith("control-")), "the control threads are stopped");
    }

    private void restart(ControlLimits limits) {
        server.close();
        server = ControlServer.bind(socket);
        server.serve(view, Clock.fixed(FakeAgentView.NOW, ZoneOffset.UTC), limits);
    }

    /** A connection that sends only what the test writes to it. */
    private SocketChannel raw() throws IOException {
        SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        raws.add(c);
        return c;
    }

    private ControlClient client() throws IOException {
        ControlClient c = ControlClient.connect(socket, json);
        clients.add(c);
        return c;
    }

    private ObjectNode request(String op) {
        return json.createObjectNode().put("op", op);
    }

    private static void assertBusy(JsonNode answer, String error) {
        assertFalse(answer.get("ok").asBoolean(), answer.toString());
        assertFalse(answer.get("badRequest").asBoolean(), answer.toString());
        assertTrue(answer.get("busy").asBoolean(), answer.toString());
        assertEquals(error, answer.get("error").asText());
    }

    private static void assertBadRequest(JsonNode answer, String error) {
        assertFalse(answer.get("ok").asBoolean(), answer.toString());
        assertTrue(answer.get("badRequest").asBoolean(), answer.toString());
        assertTrue(answer.get("error").asText().startsWith(error), answer.toString());
    }
}
