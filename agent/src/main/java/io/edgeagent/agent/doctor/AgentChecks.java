package io.edgeagent.agent.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeagent.agent.text.HumanText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Doctor's checks of what the running agent reports: its broker connection, its machines, what it dropped. */
final class AgentChecks {

    private final HumanText text;

    AgentChecks(HumanText text) {
        this.text = text;
    }

    /**
     * @param status     the agent's answer to {@code status}
     * @param configHash the hash of the config file on disk now
     */
    List<Finding> run(JsonNode status, String configHash) {
        List<Finding> findings = new ArrayList<>();
        JsonNode agent = status.get("agent");
        findings.add(Finding.ok("agent", "running " + agent.get("version").asText() + " as " + agent.get("id").asText()
                + ", up since " + text.time(HumanText.instant(agent.get("started")))));
        if (!agent.get("configHash").asText().equals(configHash)) {
            findings.add(Finding.warn("agent config", agent.get("configFile").asText()
                    + " has changed since the agent started: it still runs the old one",
                    "check it (edge-agent config validate FILE), then restart the agent: sudo systemctl restart edge-agent"));
        }

        JsonNode broker = status.get("broker");
        Instant since = HumanText.instant(broker.get("since"));
        if (broker.get("connected").asBoolean()) {
            findings.add(Finding.ok("agent broker", "connected to " + broker.get("url").asText() + " for " + text.ago(since)));
        } else {
            findings.add(Finding.fail("agent broker", "not connected (trying " + broker.get("url").asText() + ") for "
                    + text.ago(since) + (broker.get("lastError").isNull() ? "" : "; last error: " + broker.get("lastError").asText()),
                    "see the broker checks above and the agent's log (journalctl -u edge-agent); it buffers on disk meanwhile"));
        }

        JsonNode buffer = status.get("buffer");
        long dropped = buffer.get("droppedTelemetry").asLong() + buffer.get("droppedEvents").asLong();
        if (dropped > 0) {
            findings.add(Finding.warn("agent buffer", dropped + " messages dropped since start: the buffer hit buffer.maxDiskMb",
                    "raise buffer.maxDiskMb if the disk allows, and find out why the broker was out of reach so long"));
        }
        long droppedReadings = status.get("ingest").get("droppedReadings").asLong();
        if (droppedReadings > 0) {
            findings.add(Finding.warn("agent ingest", droppedReadings + " readings dropped since start: more arrive than the agent can take",
                    "sample fewer signals or less often (signals' sampling), or use a faster device"));
        }

        for (JsonNode m : status.get("machines")) {
            String id = m.get("machine").asText();
            String state = m.get("state").textValue();
            Instant stateSince = HumanText.instant(m.get("since"));
            if (state == null) {
                findings.add(Finding.warn("machine " + id, "no state yet", "wait a few seconds; if it stays so, edge-agent why " + id));
            } else if (state.equals("OFFLINE")) {
                findings.add(Finding.fail("machine " + id, "OFFLINE for " + text.ago(stateSince) + ": " + m.get("reason").asText(),
                        "edge-agent why " + id + "; check the machine is on, its network, and the address in the config"));
            } else if (m.get("signalsNotGood").asLong() > 0) {
                findings.add(Finding.warn("machine " + id, state + ", but " + m.get("signalsNotGood").asLong()
                        + " signals are not good", "edge-agent machines " + id + " shows which and why"));
            } else {
                findings.add(Finding.ok("machine " + id, state + " for " + text.ago(stateSince)));
            }
        }
        return findings;
    }
}
