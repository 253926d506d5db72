package io.edgeagent.agent.doctor;

import io.edgeagent.agent.AgentFiles;
import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.GpioConnection;
import io.edgeagent.agent.config.MachineConfig;
import io.edgeagent.agent.config.ModbusConnection;
import io.edgeagent.agent.config.OpcUaConnection;
import io.edgeagent.agent.text.Messages;
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
    private final Messages m;

    public DeviceChecks(AgentConfig config, Path gpioChip, Messages messages) {
        this.config = config;
        this.gpioChip = gpioChip;
        this.m = messages;
    }

    public List<Finding> run() {
        List<Finding> findings = new ArrayList<>();
        serialPorts().forEach((port, machines) -> findings.add(device(m.get("doctor.check.serialPort"), port, machines,
                "dialout", m.get("doctor.serialPort.fix"))));
        List<String> gpioMachines = config.machines().stream()
                .filter(m -> m.connection() instanceof GpioConnection).map(MachineConfig::id).toList();
        opcUaTrust().ifPresent(findings::add);
        if (!gpioMachines.isEmpty()) {
            findings.add(device(m.get("doctor.check.gpio"), gpioChip, gpioMachines, "gpio", m.get("doctor.gpio.fix")));
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
            return Optional.of(Finding.warn(m.get("doctor.check.opcUaTrust"),
                    m.get("doctor.opcUaTrust.unreadable", e.getMessage()), m.get("doctor.opcUaTrust.unreadable.fix")));
        }
        if (refused.isEmpty()) {
            return Optional.of(Finding.ok(m.get("doctor.check.opcUaTrust"), m.get("doctor.opcUaTrust.none")));
        }
        String list = refused.stream().map(c -> c.thumbprint() + " (" + c.subject() + ")")
                .collect(Collectors.joining(", "));
        return Optional.of(Finding.warn(m.get("doctor.check.opcUaTrust"),
                m.count("doctor.opcUaTrust.refused", refused.size(), list),
                m.get("doctor.opcUaTrust.refused.fix", refused.get(0).thumbprint())));
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

    private Finding device(String check, Path device, List<String> machines, String group, String whenMissing) {
        String users = String.join(", ", machines);
        String user = System.getProperty("user.name");
        if (!Files.exists(device)) {
            return Finding.fail(check, m.get("doctor.device.missing", device, users), whenMissing);
        }
        if (Files.isReadable(device) && Files.isWritable(device)) {
            return Finding.ok(check, m.get("doctor.device.usable", device, user, users));
        }
        return Finding.warn(check, m.get("doctor.device.unusable", device, user, owners(device), users),
                m.get("doctor.device.unusable.fix", group));
    }

    private String owners(Path device) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(device, PosixFileAttributes.class);
            return m.get("doctor.device.owners", attributes.owner().getName(), attributes.group().getName());
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }
}
