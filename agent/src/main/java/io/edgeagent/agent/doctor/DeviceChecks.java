package io.edgeagent.agent.doctor;

import io.edgeagent.agent.AgentFiles;
import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.GpioConnection;
import io.edgeagent.agent.config.MachineConfig;
import io.edgeagent.agent.config.ModbusConnection;
import io.edgeagent.agent.config.OpcUaConnection;
import io.edgeagent.drivers.opcua.CertificateInfo;
import io.edgeagent.drivers.opcua.TrustList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Doctor's checks of what the machines need on this device: each Modbus RTU serial port, the GPIO chip, and
 * the OPC UA server certificates waiting to be trusted. A missing adapter, a missing group membership or an
 * untrusted server is the most common first-day fault of a machine, and its driver can only say "cannot".
 */
public final class DeviceChecks {

    /** The character device of the Raspberry Pi's GPIO header (gpiochip0 on a Pi 4, also present on a Pi 5). */
    static final Path GPIO_CHIP = Path.of("/dev/gpiochip0");

    private final AgentConfig config;
    private final Path gpioChip;

    public DeviceChecks(AgentConfig config, Path gpioChip) {
        this.config = config;
        this.gpioChip = gpioChip;
    }

    public List<Finding> run() {
        List<Finding> findings = new ArrayList<>();
        serialPorts().forEach((port, machines) -> findings.add(device("serial port", port, machines, "dialout",
                "plug in the serial adapter, then find its name with: ls -l /dev/ttyUSB* /dev/ttyAMA* /dev/serial/by-id/")));
        List<String> gpioMachines = config.machines().stream()
                .filter(m -> m.connection() instanceof GpioConnection).map(MachineConfig::id).toList();
        opcUaTrust().ifPresent(findings::add);
        if (!gpioMachines.isEmpty()) {
            findings.add(device("GPIO", gpioChip, gpioMachines, "gpio",
                    "GPIO machines need a Raspberry Pi 4 or 5 (with Raspberry Pi OS Bookworm); on another computer,"
                            + " wire the signals to a Modbus I/O module instead"));
        }
        return findings;
    }

    /** Refused server certificates: a secured machine stays OFFLINE until an engineer trusts its certificate. */
    private Optional<Finding> opcUaTrust() {
        boolean secured = config.machines().stream().anyMatch(m -> m.connection() instanceof OpcUaConnection c
                && !c.securityPolicy().equals("None"));
        if (!secured) {
            return Optional.empty();
        }
        List<CertificateInfo> refused;
        try {
            refused = new TrustList(AgentFiles.opcUaPki(config.agent().dataDir())).rejected();
        } catch (IOException e) {
            return Optional.of(Finding.warn("OPC UA trust", "cannot read the refused certificates: " + e.getMessage(),
                    "run doctor as the agent's user"));
        }
        if (refused.isEmpty()) {
            return Optional.of(Finding.ok("OPC UA trust", "no server certificate refused"));
        }
        String list = refused.stream().map(c -> c.thumbprint() + " (" + c.subject() + ")")
                .collect(Collectors.joining(", "));
        return Optional.of(Finding.warn("OPC UA trust", refused.size() + " server certificate"
                + (refused.size() == 1 ? "" : "s") + " refused: " + list, "compare the thumbprint with the one the"
                + " machine shows, then: edge-agent opcua trust " + refused.get(0).thumbprint()));
    }

    private Map<Path, List<String>> serialPorts() {
        Map<Path, List<String>> ports = new LinkedHashMap<>();
        for (MachineConfig m : config.machines()) {
            if (m.connection() instanceof ModbusConnection modbus && !modbus.isTcp()) {
                ports.computeIfAbsent(Path.of(modbus.rtu().port()), p -> new ArrayList<>()).add(m.id());
            }
        }
        return ports;
    }

    private static Finding device(String check, Path device, List<String> machines, String group, String whenMissing) {
        String users = String.join(", ", machines);
        if (!Files.exists(device)) {
            return Finding.fail(check, device + " does not exist (used by " + users + ")", whenMissing);
        }
        if (Files.isReadable(device) && Files.isWritable(device)) {
            return Finding.ok(check, device + " can be opened by " + System.getProperty("user.name") + " (used by "
                    + users + ")");
        }
        String owners = owners(device);
        return Finding.warn(check, device + " cannot be opened by " + System.getProperty("user.name") + owners
                + " (used by " + users + ")", "the agent's user needs the " + group + " group: sudo usermod -aG "
                + group + " edge-agent, then restart the agent; run doctor as that user to check what it sees");
    }

    private static String owners(Path device) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(device, PosixFileAttributes.class);
            return "; it belongs to " + attributes.owner().getName() + ":" + attributes.group().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }
}
