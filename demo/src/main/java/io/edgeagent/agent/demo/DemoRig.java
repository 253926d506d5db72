package io.edgeagent.agent.demo;

import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.MachineConfig;
import io.edgeagent.agent.config.ModbusConnection;
import io.edgeagent.agent.config.OpcUaConnection;
import io.edgeagent.agent.config.SparkplugConfig;
import io.edgeagent.agent.feed.json.Topics;
import io.edgeagent.agent.feed.sparkplug.SparkplugTopics;
import io.edgeagent.broker.EmbeddedBroker;
import io.edgeagent.broker.FeedSubscriber;
import io.edgeagent.drivers.opcua.Profile;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.sim.Scenario;
import io.edgeagent.drivers.sim.SimulatorIdentity;
import io.edgeagent.drivers.sim.cnc.CncSimulator;
import io.edgeagent.drivers.sim.machinetool.MachineToolSimulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Everything the demo runs in one process: an MQTT broker on the config's broker port, one simulated
 * OPC 40501 machine tool per OPC UA machine with profile machinetool and one simulated injection-moulding
 * machine per other OPC UA machine (on its endpoint's port), one simulated CNC control per Modbus TCP machine
 * (on its port and unit id), a subscriber that sees the feed as the cloud
 * does (and one that sees the Sparkplug B feed as a host does, when the config has one), and, unless asked not to,
 * the agent itself. The peers are those of the config it starts with: an agent
 * restarted on a changed config ({@code reload-config}) finds the same simulated machines.
 */
public final class DemoRig implements AutoCloseable {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

    private final List<AutoCloseable> started;

    private DemoRig(List<AutoCloseable> started) {
        this.started = started;
    }

    /**
     * Starts the peers of {@code config}, then the agent with {@code agent}, unless it is {@code null}.
     *
     * @param agent starts the agent on the config once its peers are up (in a supervisor, so that it takes
     *              {@code reload-config} as a real one does), or {@code null} for the peers alone
     * @throws IllegalArgumentException when an address in the config is not on this machine: the demo
     *                                  never touches a real network
     * @throws IllegalStateException    when a port the demo needs is taken, most often by a demo already running
     */
    public static DemoRig start(AgentConfig config, Path workDir, Function<AgentConfig, AutoCloseable> agent,
                                Consumer<FeedSubscriber.Received> feed) throws MqttException {
        URI brokerUrl = config.broker().urls().get(0);
        requireLoopback(brokerUrl, "broker.urls[0]");
        requireFree(config);
        List<AutoCloseable> started = new ArrayList<>();
        try {
            EmbeddedBroker broker = EmbeddedBroker.start(brokerUrl.getPort(), workDir.resolve("broker"));
            started.add(broker);
            SimulatorIdentity identity = SimulatorIdentity.generate();
            int index = 0;
            for (MachineConfig m : config.machines()) {
                if (m.connection() instanceof OpcUaConnection opcua && opcua.profile() == Profile.MACHINETOOL) {
                    requireLoopback(opcua.endpoint(), "machines." + m.id() + ".opcua.endpoint");
                    MachineToolSimulator sim = MachineToolSimulator.builder(m.id())
                            .port(opcua.endpoint().getPort())
                            .cycleTime(cycleTime(m))
                            .scenario(MachineToolSimulator.demoScenario())
                            .identity(identity)
                            .build();
                    started.add(sim);
                    sim.start();
                } else if (m.connection() instanceof OpcUaConnection opcua) {
                    requireLoopback(opcua.endpoint(), "machines." + m.id() + ".opcua.endpoint");
                    ImmSimulator sim = ImmSimulator.builder(m.id())
                            .port(opcua.endpoint().getPort())
                            .cycleTime(cycleTime(m))
                            .cavities(m.cycle() != null && m.cycle().cavities() != null ? m.cycle().cavities() : 2)
                            .scenario(scenario(index++))
                            .identity(identity)
                            .build();
                    started.add(sim);
                    sim.start();
                } else if (m.connection() instanceof ModbusConnection modbus) {
                    started.add(startCnc(m, modbus));
                }
            }
            Topics topics = new Topics(config.broker().topicRoot(), config.agent().site(), config.agent().id());
            started.add(FeedSubscriber.subscribe(broker.url(), config.agent().id() + "-demo-feed", topics.all(), feed));
            SparkplugConfig sparkplug = config.broker().sparkplug();
            if (sparkplug != null) {
                started.add(FeedSubscriber.subscribe(broker.url(), config.agent().id() + "-demo-sparkplug",
                        new SparkplugTopics(sparkplug.groupId(), sparkplug.edgeNodeIdOr(config.agent().id())).all(),
                        feed));
            }
            if (agent != null) {
                started.add(agent.apply(config));
            }
            return new DemoRig(started);
        } catch (RuntimeException | MqttException e) {
            new DemoRig(started).close();
            throw e;
        }
    }

    /**
     * Every port the demo listens on is free: a second demo would otherwise fail deep inside the broker or an OPC UA
     * server, with words about their internals.
     */
    private static void requireFree(AgentConfig config) {
        requireFree(config.broker().urls().get(0).getPort(), "the MQTT broker (broker.urls[0])");
        for (MachineConfig m : config.machines()) {
            if (m.connection() instanceof OpcUaConnection opcua) {
                requireFree(opcua.endpoint().getPort(), "machine " + m.id() + "'s OPC UA server");
            } else if (m.connection() instanceof ModbusConnection modbus && modbus.isTcp()) {
                requireFree(modbus.tcpPort(), "machine " + m.id() + "'s Modbus control");
            }
        }
    }

    private static void requireFree(int port, String what) {
        if (port <= 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1, for " + what + ", is in use: is another"
                    + " edge-agent demo running? Stop it with Ctrl-C in its terminal, or start this one with --config"
                    + " and a copy of the config on other ports");
        }
    }

    private static CncSimulator startCnc(MachineConfig m, ModbusConnection modbus) {
        String where = "machines." + m.id() + ".modbus";
        if (!modbus.isTcp() || modbus.rtuFraming()) {
            throw new IllegalArgumentException(where + " is " + modbus.describe() + ": the demo simulates Modbus TCP"
                    + " machines only");
        }
        requireLoopback(URI.create("tcp://" + modbus.tcpHost() + ":" + modbus.tcpPort()), where + ".tcp");
        CncSimulator cnc = CncSimulator.builder(m.id()).port(modbus.tcpPort()).unitId(modbus.unit())
                .cycleTime(cycleTime(m)).scenario(CncSimulator.demoScenario()).build();
        cnc.start();
        return cnc;
    }

    private static void requireLoopback(URI url, String where) {
        if (url.getHost() == null || !LOOPBACK.contains(url.getHost()) || url.getPort() <= 0) {
            throw new IllegalArgumentException(where + " is " + url + ": the demo runs its own peers, so every address"
                    + " must be on 127.0.0.1 with an explicit port");
        }
    }

    private static Duration cycleTime(MachineConfig m) {
        return m.cycle() != null && m.cycle().nominalSeconds() != null
                ? Duration.ofMillis(Math.round(m.cycle().nominalSeconds() * 1000)) : Duration.ofSeconds(2);
    }

    /** The first machine runs the standard loop; the others start elsewhere in the day so states differ. */
    private static Scenario<Phase> scenario(int index) {
        if (index % 2 == 0) {
            return Scenario.demo();
        }
        return Scenario.of(
                // Short first phase: a newcomer sees a state change within the demo's first 15 seconds.
                Scenario.step(Phase.IDLE, Duration.ofSeconds(4)),
                Scenario.step(Phase.PRODUCING, Duration.ofSeconds(30)),
                Scenario.step(Phase.SETUP, Duration.ofSeconds(15)),
                Scenario.step(Phase.PRODUCING, Duration.ofSeconds(25)),
                Scenario.step(Phase.STANDSTILL, Duration.ofSeconds(12)));
    }

    /** Stops the agent first (so it can say goodbye on the broker), then the peers. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("demo: stopping " + started.get(i).getClass().getSimpleName() + " failed: " + e);
            }
        }
    }
}
