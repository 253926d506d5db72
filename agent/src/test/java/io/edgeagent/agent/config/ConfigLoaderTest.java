package io.edgeagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.alarms.AlarmText;
import io.edgeagent.drivers.alarms.AlarmWord;
import io.edgeagent.drivers.gpio.InputMode;
import io.edgeagent.drivers.gpio.Pull;
import io.edgeagent.drivers.modbus.ModbusType;
import io.edgeagent.drivers.modbus.RegisterArea;
import io.edgeagent.drivers.modbus.TextEncoding;
import io.edgeagent.drivers.modbus.WordOrder;
import io.edgeagent.drivers.opcua.NodeRef;
import io.edgeagent.drivers.opcua.Profile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a valid file binds to: values, defaults, order and resolved paths. */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    private AgentConfig load(String yaml) throws Exception {
        return ConfigLoader.load(Files.writeString(dir.resolve("agent.yaml"), yaml), name -> "from-env-" + name);
    }

    @Test
    void everyDefaultApplies() throws Exception {
        AgentConfig config = load("""
                agent: { id: gw01, site: plant-1 }
                broker: { urls: [ "tcp://localhost:1883" ] }
                machines:
                  - id: press-01
                    gpio: { cycle: { pin: 17 } }
                """);

        assertEquals(new AgentSection("gw01", "plant-1", ZoneId.of("UTC"), Path.of("/var/lib/edge-agent")),
                config.agent());
        assertEquals(new BrokerConfig(List.of(URI.create("tcp://localhost:1883")), null, null, null, "edge/v1",
                new TelemetryConfig(1, Duration.ofSeconds(1))), config.broker());
        assertEquals(new BufferConfig(512, Optional.empty(), Duration.ofMillis(1000)), config.buffer());
        assertEquals(new SharingConfig(List.of(), List.of(), 60, 7, List.of()), config.sharing());
        GpioInput cycle = new GpioInput(17, Pull.OFF, false, Duration.ofMillis(10), InputMode.LEVEL);
        assertEquals(new MachineConfig("press-01", "press-01", MachineKind.OTHER, Map.of(), null,
                new GpioConnection(Map.of("cycle", cycle)), Map.of("cycle", new GpioSignalConfig("cycle", cycle)),
                null, null), config.machines().get(0));
    }

    @Test
    void sourceIsTheAbsoluteFileAndTheHashOfItsBytes() throws Exception {
        AgentConfig config = load("""
                agent: { id: gw01, site: plant-1 }
                broker: { urls: [ "tcp://localhost:1883" ] }
                machines: [ { id: press-01, gpio: { cycle: { pin: 17 } } } ]
                """);

        byte[] bytes = Files.readAllBytes(dir.resolve("agent.yaml"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                config.sourceHash());
        assertEquals(dir.resolve("agent.yaml").toAbsolutePath(), config.sourcePath());
    }

    @Test
    void relativePathsAreTakenFromTheConfigFolder() throws Exception {
        Files.createDirectories(dir.resolve("pki"));
        Files.writeString(dir.resolve("pki/ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        AgentConfig config = load("""
                agent: { id: gw01, site: plant-1, dataDir: data/../state }
                broker:
                  urls: [ "ssl://mqtt.example.net:8883" ]
                  tls: { caFile: pki/ca.pem }
                machines: [ { id: press-01, gpio: { cycle: { pin: 17 } } } ]
                """);

        assertEquals(dir.resolve("state"), config.agent().dataDir());
        assertEquals(new TlsConfig(dir.resolve("pki/ca.pem"), null, null), config.broker().tls());
    }

    @Test
    void stateRulesKeepTheContractOrderWhateverTheFileOrder() throws Exception {
        AgentConfig config = load("""
                agent: { id: gw01, site: plant-1 }
                broker: { urls: [ "tcp://localhost:1883" ] }
                machines:
                  - id: cnc-03
                    modbus: { tcp: 10.0.3.40 }
                    signals:
                      mode: { register: holding:0, type: int16 }
                      alarm: { register: discrete:1 }
                      rpm: { register: input:2, type: float32 }
                      program: { register: holding:10, type: string(8) }
                      parts: { register: holding:20, type: uint32 }
                    state:
                      idle: { otherwise: true }
                      running: { signal: rpm, ge: 50.5 }
                      setup: { signal: program, eq: SETUP }
                      maintenance: { signal: mode, in: [3, -1] }
                      down: { signal: alarm, eq: true }
                    counter: parts
                """);

        MachineConfig cnc = config.machines().get(0);
        assertEquals(List.of(
                new StateRule(MachineState.DOWN, new Condition.Compare("alarm", Condition.Op.EQ, true)),
                new StateRule(MachineState.MAINTENANCE, new Condition.In("mode", List.of(3L, -1L))),
                new StateRule(MachineState.SETUP, new Condition.Compare("program", Condition.Op.EQ, "SETUP")),
                new StateRule(MachineState.RUNNING, new Condition.Compare("rpm", Condition.Op.GE, 50.5)),
                new StateRule(MachineState.IDLE, new Condition.Otherwise())), cnc.state().rules());
        assertEquals("parts", cnc.counter());
        assertEquals(List.of("mode", "alarm", "rpm", "program", "parts"), List.copyOf(cnc.signals().keySet()));
        assertEquals(new ModbusConnection("10.0.3.40", 502, false, null, 1, Duration.ofSeconds(1), Duration.ofSeconds(1),
                1, 10, Duration.ofMinutes(1), WordOrder.ABCD), cnc.connection());
        assertEquals(new ModbusSignalConfig("alarm", RegisterArea.DISCRETE_INPUT, 1, ModbusType.parse("bool"), null,
                null, 1, 0, null, 0),
                cnc.signals().get("alarm"));
    }

    @Test
    void offlineComesFirstAndAllAnyAndCycleTimeNest() throws Exception {
        AgentConfig config = load("""
                agent: { id: gw01, site: plant-1 }
                broker: { urls: [ "tcp://localhost:1883" ] }
                machines:
                  - id: imm-07
                    opcua: { endpoint: "opc.tcp://10.0.3.17:4840" }
                    signals:
                      isPresent: { node: "ns=2;s=IsPresent" }
                      machineMode: { node: "ns=2;s=MachineMode" }
                      alarm: { node: "ns=2;s=Alarm" }
                      cycleCounter: { node: "ns=2;s=JobCycleCounter" }
                      expectedCycleTime: { node: "ns=2;s=ExpectedCycleTime" }
                    state:
                      running:
                        any:
                          - all: [ { signal: machineMode, eq: 1 }, { counting: cycleCounter, cycleTime: expectedCycleTime } ]
                          - { counting: cycleCounter, withinSeconds: 5 }
                      down: { any: [ { signal: alarm, eq: true } ] }
                      offline: { signal: isPresent, eq: false }
                """);

        assertEquals(List.of(
                new StateRule(MachineState.OFFLINE, new Condition.Compare("isPresent", Condition.Op.EQ, false)),
                new StateRule(MachineState.DOWN, new Condition.Any(List.of(
                        new Condition.Compare("alarm", Condition.Op.EQ, true)))),
                new StateRule(MachineState.RUNNING, new Condition.Any(List.of(
                        new Condition.All(List.of(new Condition.Compare("machineMode", Condition.Op.EQ, 1L),
                                new Condition.Counting("cycleCounter", null, "expectedCycleTime"))),
                        new Condition.Counting("cycleCounter", Duration.ofSeconds(5)))))),
                config.machines().get(0).state().rules(), "no cycle.nominalSeconds needed with cycleTime");
    }

    @Test
    void fullMachineBindsEveryKey() throws Exception {
        Files.writeString(dir.resolve("opcua-password"), "pw\n");
        AgentConfig config = load("""
                agent: { id: gw01, site: plant-1, timezone: Asia/Shanghai }
                broker:
                  urls: [ "ssl://mqtt-a.example.net:8883", "wss://mqtt-b.example.net:443/mqtt" ]
                  username: gw01
                  password: ${env:MQTT_PASSWORD}
                  topicRoot: cf/v1
                  telemetry: { qos: 1, batchMs: 250 }
                buffer: { maxDiskMb: 64, maxAgeHours: 48, commitMs: 250 }
                sharing:
                  calendar:
                    weekly:
                      - { days: [SAT, MON], from: "8:00", to: "24:00" }
                    closed: [ 2026-10-01 ]
                  minWindowMinutes: 30
                  horizonDays: 14
                  maintenance:
                    - { machine: imm-07, from: 2026-12-01T08:00, to: 2026-12-01T12:30:15 }
                machines:
                  - id: imm-07
                    name: "Haitian MA1600 #7"
                    kind: injection-moulding
                    capability: { clampForceKN: 1600, shotWeightG: 28.9, robot: true, site: "${env:SITE}",
                                  materials: [PP, ABS], platen: { widthMm: 710 } }
                    cycle: { nominalSeconds: 32, cavities: 4 }
                    opcua:
                      endpoint: opc.tcp://10.0.3.17
                      security: { policy: Basic256Sha256 }
                      auth: { username: edge, passwordFile: opcua-password }
                      profile: euromap77
                    signals:
                      mouldTemp: { node: "ns=2;s=Mould.Temperature", samplingMs: 500, deadband: 0.5 }
                      cycles: { node: "nsu=http://www.euromap.org/euromap77/;i=6021" }
                    state:
                      running: { counting: cycles, withinSeconds: 1.5 }
                  - id: grinder-02
                    modbus:
                      rtu: { port: /dev/ttyUSB0 }
                      unit: 3
                      pollMs: 200
                    signals:
                      temp: { register: input:4, type: int16, scale: 0.1, offset: -40, unit: "°C" }
                  - id: grinder-03
                    modbus:
                      rtu: { port: /dev/ttyUSB0, baud: 19200, parity: even, stopBits: 1 }
                      unit: 4
                    signals:
                      estop: { register: holding:7, bit: 3 }
                  - id: lathe-04
                    modbus:
                      tcp: gw-hall2:4001
                      framing: rtu
                      unit: 9
                      timeoutMs: 300
                      retries: 2
                      maxGap: 0
                      keepAliveSeconds: 600
                      order: CDAB
                    signals:
                      parts: { register: holding:2, type: uint32, order: ABCD, deadband: 1 }
                  - id: press-05
                    gpio:
                      stroke: { pin: 17, pull: up, activeLow: true, debounceMs: 20 }
                      lamp: { pin: 22, mode: level }
                    counter: stroke
                """);

        assertEquals(ZoneId.of("Asia/Shanghai"), config.agent().timezone());
        BrokerConfig broker = config.broker();
        assertEquals(List.of(URI.create("ssl://mqtt-a.example.net:8883"), URI.create("wss://mqtt-b.example.net:443/mqtt")),
                broker.urls());
        assertEquals("from-env-MQTT_PASSWORD", broker.password().reveal());
        assertEquals(new TelemetryConfig(1, Duration.ofMillis(250)), broker.telemetry());
        assertEquals("cf/v1", broker.topicRoot());
        assertEquals(new BufferConfig(64, Optional.of(Duration.ofHours(48)), Duration.ofMillis(250)), config.buffer());

        SharingConfig sharing = config.sharing();
        WeeklySlot slot = sharing.weekly().get(0);
        assertEquals(Set.of(DayOfWeek.MONDAY, DayOfWeek.SATURDAY), slot.days());
        assertEquals(LocalTime.of(8, 0), slot.from());
        assertTrue(slot.untilEndOfDay());
        assertEquals(List.of(LocalDate.of(2026, 10, 1)), sharing.closed());
        assertEquals(30, sharing.minWindowMinutes());
        assertEquals(14, sharing.horizonDays());
        assertEquals(new MaintenanceSlot("imm-07", LocalDateTime.of(2026, 12, 1, 8, 0),
                LocalDateTime.of(2026, 12, 1, 12, 30, 15)), sharing.maintenance().get(0));

        MachineConfig imm = config.machines().get(0);
        assertEquals(MachineKind.INJECTION_MOULDING, imm.kind());
        assertEquals(Map.of("clampForceKN", 1600L, "shotWeightG", 28.9, "robot", true, "site", "from-env-SITE",
                "materials", List.of("PP", "ABS"), "platen", Map.of("widthMm", 710L)), imm.capability());
        assertEquals(new CycleConfig(32.0, 4), imm.cycle());
        OpcUaConnection opcua = assertInstanceOf(OpcUaConnection.class, imm.connection());
        assertEquals(URI.create("opc.tcp://10.0.3.17:4840"), opcua.endpoint());
        assertEquals("SignAndEncrypt", opcua.securityMode());
        assertEquals("pw", opcua.password().reveal());
        assertEquals(new OpcUaSignalConfig("mouldTemp", NodeRef.parse("ns=2;s=Mould.Temperature"), Duration.ofMillis(500), 0.5,
                false, 1), imm.signals().get("mouldTemp"));
        assertEquals(new Condition.Counting("cycles", Duration.ofMillis(1500)), imm.state().rules().stream()
                .filter(rule -> rule.state() == MachineState.RUNNING).findFirst().orElseThrow().when(),
                "the file's running rule replaces the profile's");
        assertEquals(ProfileDefaults.rules(Profile.EUROMAP77).rules().get(0), imm.state().rules().get(0),
                "the profile's other rules stay");
        assertEquals(Profile.EUROMAP77, opcua.profile());

        ModbusConnection rtu = assertInstanceOf(ModbusConnection.class, config.machines().get(1).connection());
        assertEquals(new ModbusConnection(null, 0, false, new RtuSettings("/dev/ttyUSB0", 19_200, "even", 1), 3,
                Duration.ofMillis(200), Duration.ofSeconds(1), 1, 10, Duration.ofMinutes(1), WordOrder.ABCD), rtu);
        assertEquals(new ModbusSignalConfig("temp", RegisterArea.INPUT_REGISTER, 4, ModbusType.parse("int16"), null,
                null, 0.1, -40, "°C", 0),
                config.machines().get(1).signals().get("temp"));
        assertNull(config.machines().get(1).state());
        assertEquals(new ModbusSignalConfig("estop", RegisterArea.HOLDING_REGISTER, 7, ModbusType.parse("bool"), 3,
                null, 1, 0, null, 0),
                config.machines().get(2).signals().get("estop"));
        assertEquals(new ModbusConnection("gw-hall2", 4001, true, null, 9, Duration.ofSeconds(1),
                Duration.ofMillis(300), 2, 0, Duration.ofMinutes(10), WordOrder.CDAB), config.machines().get(3).connection());
        assertEquals(new ModbusSignalConfig("parts", RegisterArea.HOLDING_REGISTER, 2, ModbusType.parse("uint32"), null,
                WordOrder.ABCD, 1, 0, null, 1),
                config.machines().get(3).signals().get("parts"));
        assertEquals(new GpioInput(17, Pull.UP, true, Duration.ofMillis(20), InputMode.PULSES),
                ((GpioSignalConfig) config.machines().get(4).signals().get("stroke")).input());
        assertEquals("stroke", config.machines().get(4).counter());
        assertEquals(new GpioInput(22, Pull.OFF, false, Duration.ofMillis(10), InputMode.LEVEL),
                ((GpioSignalConfig) config.machines().get(4).signals().get("lamp")).input());
    }

    @Test
    void aModbusStringCarriesItsEncodingToTheDriver() throws Exception {
        AgentConfig config = load("""
                agent: { id: gw01, site: cixi-zs1 }
                broker: { urls: [ "tcp://localhost:1883" ] }
                machines:
                  - id: imm-09
                    modbus: { tcp: 192.168.1.50 }
                    signals:
                      mouldId: { register: holding:100, type: string(16), encoding: gbk }
                      program: { register: holding:110, type: string(32) }
                """);
        Map<String, SignalConfig> signals = config.machines().get(0).signals();

        assertEquals(ModbusType.string(16, TextEncoding.GBK), ((ModbusSignalConfig) signals.get("mouldId")).type());
        assertEquals(ModbusType.string(32, TextEncoding.ASCII), ((ModbusSignalConfig) signals.get("program")).type());
    }

    @Test
    void problemsNameTheFileAsGiven() throws IOException {
        Path file = Files.writeString(dir.resolve("agent.yaml"), "agent: { id: gw01, site: plant-1 }\n");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, name -> null));

        assertEquals(List.of(
                file + ":1:1: missing required key 'broker' at top level: where to publish, e.g. broker: { urls:"
                        + " [\"ssl://mqtt.example.net:8883\"] }",
                file + ":1:1: missing required key 'machines' at top level: the list of machines this gateway reads"),
                e.problems().stream().map(ConfigProblem::format).toList());
    }

    @Test
    void missingFileIsAProblemOfTheWholeFile() {
        Path file = dir.resolve("nowhere.yaml");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));

        assertEquals(List.of(new ConfigProblem(file.toString(), 0, 0, "no such file")), e.problems());
        assertEquals(file + ": no such file", e.format());
    }

    @Test
    void problemFormatIsTheOneTechniciansSee() {
        ConfigProblem problem = new ConfigProblem("agent.yaml", 31, 7,
                "unknown key 'endpiont' under machines[0].opcua: did you mean 'endpoint'?");

        assertEquals("agent.yaml:31:7: unknown key 'endpiont' under machines[0].opcua: did you mean 'endpoint'?",
                problem.format());
        assertEquals(problem.format(), problem.toString());
    }

    /** Issue 22: a Modbus machine's alarm register, bits and coils, and a GPIO input, with texts and severities. */
    @Test
    void alarmTablesBindToAlarmWordsWithTheTableSeverityAsDefault() throws Exception {
        AgentConfig config = load("""
                agent: { id: gw01, site: plant-1 }
                broker: { urls: [ "tcp://localhost:1883" ] }
                machines:
                  - id: cnc-01
                    modbus: { tcp: 192.168.1.50 }
                    signals: { execution: { register: holding:0 } }
                    alarms:
                      register: holding:8
                      severity: 700
                      codes: { 1010: spindle overload, 1020: { text: 防护门打开, severity: 300 } }
                      bits: { holding:9.15: oil low, holding:9.0: emergency stop, coil:5: hydraulic fault }
                  - id: cnc-02
                    modbus: { tcp: 192.168.1.51 }
                    signals: { execution: { register: holding:0 } }
                    alarms: { register: input:3 }
                  - id: press-01
                    gpio: { fault: { pin: 27 } }
                    alarms: { bits: { fault: { text: hydraulic fault, severity: 800 } } }
                """);

        assertEquals(List.of(
                AlarmWord.codes("holding:8", Map.of(1010L, new AlarmText("spindle overload", 700),
                        1020L, new AlarmText("防护门打开", 300)), 700),
                AlarmWord.bits("holding:9", Map.of(0L, new AlarmText("emergency stop", 700),
                        15L, new AlarmText("oil low", 700))),
                AlarmWord.flag("coil:5", new AlarmText("hydraulic fault", 700))), config.machines().get(0).alarms());
        assertEquals(List.of(AlarmWord.codes("input:3", Map.of(), AlarmsBinder.DEFAULT_SEVERITY)),
                config.machines().get(1).alarms());
        assertEquals(List.of(AlarmWord.flag("fault", new AlarmText("hydraulic fault", 800))),
                config.machines().get(2).alarms());
    }
}
