package io.edgeagent.agent.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The machine family, as the platform matches orders to machines. */
public enum MachineKind {
    INJECTION_MOULDING("injection-moulding"),
    CNC("cnc"),
    PRESS("press"),
    OTHER("other");

    private final String yamlName;

    MachineKind(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The spelling in the config file and in published payloads. */
    public String yamlName() {
        return yamlName;
    }

    public static Optional<MachineKind> fromYaml(String name) {
        return Arrays.stream(values()).filter(kind -> kind.yamlName.equals(name)).findFirst();
    }

    static List<String> yamlNames() {
        return Arrays.stream(values()).map(MachineKind::yamlName).toList();
    }
}
