package io.edgeagent.agent.demo;

import io.edgeagent.agent.EdgeAgent;
import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.MachineConfig;
import io.edgeagent.agent.config.ModbusConnection;
import io.edgeagent.agent.config.OpcUaConnection;
import io.edgeagent.agent.feed.json.Topics;
import io.edgeagent.drivers.opcua.Profile;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.sim.Scenario;
import io.edgeagent.drivers.sim.SimulatorIdentity;
import io.edgeagent.drivers.sim.cnc.CncSimulator;
import io.edgeagent.drivers.sim.machinetool.MachineToolSimulator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Everything the demo runs in one process: an MQTT broker on the config's broker port, one simulated
 * OPC 40501 machine tool per OPC UA machine with profile machinetool and one simulated injection-moulding
 * machine per other OPC UA machine (on its endpoint's port), one simulated CNC control per Modbus TCP machine
 * (on its port and unit id), a subscriber that sees the feed as the cloud
 * does, and, unless asked not to, the agent itself.
 */
public final class DemoRig implements AutoCloseable {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

    private final List<AutoCloseable> started;

    private DemoRig(List<AutoCloseable> started) {
        this.started = started;
    }

    /**
     * Starts the peers of {@code config}, then the agent when {@code withAgent}.
     *
     * @throws IllegalArgumentException when an address in the config is not on this machine: the demo
     *                                  never touches a real network
     */
    public static DemoRig start(AgentConfig config, Path workDir, boolean withAgent,
                                Consumer<FeedSubscriber.Received> feed) throws MqttException {
        URI brokerUrl = config.broker().urls().get(0);
        requireLoopback(brokerUrl, "broker.urls[0]");
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
            if (withAgent) {
                started.add(EdgeAgent.start(config, Clock.systemUTC()));
            }
            return new DemoRig(started);
        } catch (RuntimeException | MqttException e) {
            new DemoRig(started).close();
            throw e;
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
