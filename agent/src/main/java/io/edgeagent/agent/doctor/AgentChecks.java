package io.edgeagent.agent.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeagent.agent.text.HumanText;
import io.edgeagent.agent.text.Messages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Doctor's checks of what the running agent reports: its broker connection, its machines, what it dropped. */
final class AgentChecks {

    private final HumanText text;
    private final Messages m;

    AgentChecks(HumanText text, Messages messages) {
        this.text = text;
        this.m = messages;
    }

    /**
     * @param status     the agent's answer to {@code status}
     * @param configHash the hash of the config file on disk now
     */
    List<Finding> run(JsonNode status, String configHash) {
        List<Finding> findings = new ArrayList<>();
        JsonNode agent = status.get("agent");
        findings.add(Finding.ok(m.get("doctor.check.agent"), m.get("doctor.agent.running", agent.get("version").asText(),
                agent.get("id").asText(), text.time(HumanText.instant(agent.get("started"))))));
        if (!agent.get("configHash").asText().equals(configHash)) {
            findings.add(Finding.warn(m.get("doctor.check.agentConfig"),
                    m.get("doctor.agent.configChanged", agent.get("configFile").asText()),
                    m.get("doctor.agent.configChanged.fix")));
        }

        JsonNode broker = status.get("broker");
        Instant since = HumanText.instant(broker.get("since"));
        String brokerCheck = m.get("doctor.check.agentBroker");
        if (broker.get("connected").asBoolean()) {
            findings.add(Finding.ok(brokerCheck, m.get("doctor.agent.brokerConnected", broker.get("url").asText(),
                    text.ago(since))));
        } else {
            String lastError = broker.get("lastError").isNull() ? ""
                    : m.get("doctor.agent.brokerLastError", broker.get("lastError").asText());
            findings.add(Finding.fail(brokerCheck, m.get("doctor.agent.brokerNotConnected", broker.get("url").asText(),
                    text.ago(since), lastError), m.get("doctor.agent.brokerNotConnected.fix")));
        }

        JsonNode buffer = status.get("buffer");
        long dropped = buffer.get("droppedTelemetry").asLong() + buffer.get("droppedEvents").asLong();
        if (dropped > 0) {
            findings.add(Finding.warn(m.get("doctor.check.agentBuffer"), m.get("doctor.agent.bufferDropped", dropped),
                    m.get("doctor.agent.bufferDropped.fix")));
        }
        long droppedReadings = status.get("ingest").get("droppedReadings").asLong();
        if (droppedReadings > 0) {
            findings.add(Finding.warn(m.get("doctor.check.agentIngest"),
                    m.get("doctor.agent.ingestDropped", droppedReadings), m.get("doctor.agent.ingestDropped.fix")));
        }

        for (JsonNode machine : status.get("machines")) {
            String id = machine.get("machine").asText();
            String check = m.get("doctor.check.machine", id);
            String state = machine.get("state").textValue();
            Instant stateSince = HumanText.instant(machine.get("since"));
            if (state == null) {
                findings.add(Finding.warn(check, m.get("doctor.machine.noState"), m.get("doctor.machine.noState.fix", id)));
            } else if (state.equals("OFFLINE")) {
                findings.add(Finding.fail(check, m.get("doctor.machine.offline", text.ago(stateSince),
                        machine.get("reason").asText()), m.get("doctor.machine.offline.fix", id)));
            } else if (machine.get("signalsNotGood").asLong() > 0) {
                findings.add(Finding.warn(check, m.get("doctor.machine.notGood", state,
                        machine.get("signalsNotGood").asLong()), m.get("doctor.machine.notGood.fix", id)));
            } else {
                findings.add(Finding.ok(check, m.get("doctor.machine.fine", state, text.ago(stateSince))));
            }
        }
        return findings;
    }
}
