package io.edgeagent.agent.bench;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.procimg.IllegalAddressException;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.edgeagent.agent.testing.OpcUaFleet;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plant for benchmarks, of Modbus TCP units or of OPC UA machines.
 *
 * <p>Modbus: {@code units} units, {@code perPort} behind each TCP port on loopback as behind serial-to-Ethernet
 * gateways (unit ids 1, 2, ... on each port), each with {@code registers} holding registers that all change between
 * two reads, the worst case for the agent: every poll delivers every tag. j2mod's slave serves each port, with a
 * handler for as many clients as it has units, so that an agent that opens a connection per device is measured too.
 *
 * <p>OPC UA: one real Milo server ({@link OpcUaFleet}) with {@code machines} machine objects of {@code variables}
 * variables each, every one changing every sampling interval, each machine read by the agent as a machine of its own
 * (a client, a session and a subscription each) with a monitored item per variable.
 */
final class FleetSimulator implements AutoCloseable {

    /** One unit on one port. */
    record Unit(String machine, int port, int unitId) {
    }

    private final List<Unit> units;
    private final int registers;
    private final List<ModbusSlave> slaves = new ArrayList<>();
    private final OpcUaFleet opcua;

    private FleetSimulator(List<Unit> units, int registers, OpcUaFleet opcua) {
        this.units = units;
        this.registers = registers;
        this.opcua = opcua;
    }

    /** Serves {@code machines} OPC UA machines of {@code variables} variables, each changing every {@code sampling}. */
    static FleetSimulator startOpcUa(int machines, int variables, Duration sampling, int port) {
        return new FleetSimulator(List.of(), 0, OpcUaFleet.start(port, machines, variables, sampling));
    }

    /** Serves {@code units} units, {@code perPort} on each of the ports {@code firstPort}, {@code firstPort + 1}... */
    static FleetSimulator start(int units, int perPort, int registers, int firstPort) throws ModbusException {
        int ports = (units + perPort - 1) / perPort;
        List<Unit> all = new ArrayList<>();
        for (int i = 0; i < units; i++) {
            all.add(new Unit(String.format(Locale.ROOT, "m%03d", i + 1), firstPort + i / perPort, i % perPort + 1));
        }
        FleetSimulator fleet = new FleetSimulator(List.copyOf(all), registers, null);
        try {
            for (int p = 0; p < ports; p++) {
                ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), firstPort + p,
                        perPort, false);
                fleet.slaves.add(slave);
                for (Unit unit : all.subList(p * perPort, Math.min(units, (p + 1) * perPort))) {
                    slave.addProcessImage(unit.unitId(), new ChangingUnit(unit.unitId(), registers));
                }
                slave.open();
            }
        } catch (ModbusException | RuntimeException e) {
            fleet.close();
            throw e;
        }
        return fleet;
    }

    List<Unit> units() {
        return units;
    }

    /**
     * Writes an agent config that reads every unit as a machine: every register as a signal (of the default type,
     * uint16), polled every {@code pollMs}, a state rule on the first, the buffer in {@code dataDir}, telemetry at
     * QoS 1. Written tersely: of the config's limit of 100,000 keys and values (LimitedParser) a machine takes about
     * 100 with 20 registers, 130 with 30, so the 500 machines of 30 registers take some 66,000.
     */
    Path writeConfig(Path file, String brokerUrl, Path dataDir, int pollMs) {
        // pollMs is the OPC UA machines' sampling interval.
        StringBuilder yaml = new StringBuilder();
        yaml.append("agent:\n  id: fleet-gw\n  site: bench\n  timezone: UTC\n  dataDir: ").append(dataDir)
                .append("\n\nbroker:\n  urls: [ \"").append(brokerUrl).append("\" ]\n  telemetry: { qos: 1 }\n\n")
                .append("machines:\n");
        for (Unit unit : units) {
            yaml.append("  - id: ").append(unit.machine()).append("\n    modbus: { tcp: \"127.0.0.1:")
                    .append(unit.port()).append("\", unit: ").append(unit.unitId());
            if (pollMs != 1000) {
                yaml.append(", pollMs: ").append(pollMs);
            }
            yaml.append(" }\n    signals:\n");
            for (int r = 0; r < registers; r++) {
                yaml.append(String.format(Locale.ROOT, "      r%02d: { register: holding:%d }%n", r, r));
            }
            yaml.append("    state:\n      running: { signal: r00, ge: 0 }\n");
        }
        for (int m = 0; opcua != null && m < opcua.machines(); m++) {
            String machine = OpcUaFleet.machine(m);
            yaml.append("  - id: ").append(machine).append("\n    opcua: { endpoint: \"").append(opcua.endpointUrl())
                    .append("\" }\n    signals:\n");
            for (int v = 0; v < opcua.variables(); v++) {
                String variable = OpcUaFleet.variable(v);
                yaml.append("      ").append(variable).append(": { node: \"").append(OpcUaFleet.nodeId(machine, variable))
                        .append("\", samplingMs: ").append(pollMs).append(" }\n");
            }
            yaml.append("    state:\n      running: { signal: v00, ge: 0 }\n");
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        slaves.forEach(ModbusSlaveFactory::close);
        if (opcua != null) {
            opcua.close();
        }
    }

    /** A unit whose registers all take new values with every read of them. */
    private static final class ChangingUnit extends SimpleProcessImage {

        private final int unitId;
        private final int registers;
        private final AtomicLong reads = new AtomicLong();

        ChangingUnit(int unitId, int registers) {
            super(unitId);
            this.unitId = unitId;
            this.registers = registers;
        }

        @Override
        public Register[] getRegisterRange(int offset, int count) {
            if (offset < 0 || count < 1 || offset + count > registers) {
                throw new IllegalAddressException();
            }
            long read = reads.incrementAndGet();
            Register[] range = new Register[count];
            for (int i = 0; i < count; i++) {
                range[i] = new SimpleRegister((int) ((read * 31 + (offset + i) * 7L + unitId) & 0xFFFF));
            }
            return range;
        }

        @Override
        public Register getRegister(int ref) {
            return getRegisterRange(ref, 1)[0];
        }

        @Override
        public int getRegisterCount() {
            return registers;
        }
    }
}
