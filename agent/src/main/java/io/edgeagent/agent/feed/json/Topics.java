package io.edgeagent.agent.feed.json;

import java.util.Objects;

/**
 * The topic tree of the contract: {@code <topicRoot>/<site>/<agentId>/...}. Ids are validated by the config
 * ({@code [a-z0-9-]}), so they never contain MQTT wildcards or separators.
 */
public record Topics(String topicRoot, String site, String agentId) {

    public Topics {
        Objects.requireNonNull(topicRoot, "topicRoot");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(agentId, "agentId");
    }

    public String base() {
        return topicRoot + "/" + site + "/" + agentId;
    }

    public String status() {
        return base() + "/status";
    }

    public String machineState(String machineId) {
        return machine(machineId) + "/state";
    }

    public String machineTelemetry(String machineId) {
        return machine(machineId) + "/telemetry";
    }

    /** The machine's active alarms, retained. */
    public String machineAlarms(String machineId) {
        return machine(machineId) + "/alarms";
    }

    /** One message per alarm raised, changed or cleared. */
    public String machineAlarmChanges(String machineId) {
        return machine(machineId) + "/alarms/changes";
    }

    public String machineCapacity(String machineId) {
        return machine(machineId) + "/capacity";
    }

    public String machineWindows(String machineId) {
        return machine(machineId) + "/windows";
    }

    public String machineMetering(String machineId) {
        return machine(machineId) + "/metering";
    }

    /** The machine's current reservations, retained. */
    public String machineReservations(String machineId) {
        return machine(machineId) + "/reservations";
    }

    /**
     * One message per change of a reservation. Below the retained list rather than on it: a subscriber to the
     * list gets one kind of payload, and a non-retained event on the list's topic would not replace the
     * retained list but would make a reader tell the two apart by their content.
     */
    public String machineReservationEvents(String machineId) {
        return machineReservations(machineId) + "/events";
    }

    /** The delivery report of one reservation; reservation ids ({@code res-<uuid>}) never read {@code events}. */
    public String machineReservationReport(String machineId, String reservationId) {
        return machineReservations(machineId) + "/" + reservationId + "/report";
    }

    public String machineCapability(String machineId) {
        return machine(machineId) + "/capability";
    }

    /** The agent's own events, such as a storage reset. */
    public String events() {
        return base() + "/events";
    }

    /** Where the platform sends command {@code name}. */
    public String command(String name) {
        return base() + "/cmd/" + name;
    }

    /** Every command topic, for the agent's subscription. */
    public String commands() {
        return base() + "/cmd/+";
    }

    /**
     * Where a command's answer goes when the request names no MQTT v5 response topic. One level below the
     * command, so the agent's own {@code cmd/+} subscription never receives it.
     */
    public String commandReply(String name) {
        return command(name) + "/reply";
    }

    /** Whether {@code topic} is this agent's: its base or any topic below it. */
    public boolean owns(String topic) {
        return topic.equals(base()) || topic.startsWith(base() + "/");
    }

    /** Whether {@code topic} is the default reply topic of a command, {@code cmd/<name>/reply}. */
    public boolean isCommandReply(String topic) {
        String prefix = base() + "/cmd/";
        String suffix = "/reply";
        if (topic.length() <= prefix.length() + suffix.length() || !topic.startsWith(prefix) || !topic.endsWith(suffix)) {
            return false;
        }
        return topic.indexOf('/', prefix.length()) == topic.length() - suffix.length();
    }

    /** Every topic this agent publishes, for a subscriber. */
    public String all() {
        return base() + "/#";
    }

    private String machine(String machineId) {
        return base() + "/machines/" + machineId;
    }
}
