package io.edgeagent.agent.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.ConfigException;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.config.EnvironmentFile;
import io.edgeagent.agent.text.HumanText;
import io.edgeagent.agent.text.Messages;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code edge-agent doctor}'s round of checks, in the order an engineer reads them: the config first, since every
 * other check reads it (a broken one leaves only the clock to check), then this device, the devices the machines
 * are wired to, the broker, and last what the running agent reports.
 */
public final class Doctor {

    private final ClockSync clock = new ClockSync(ClockSync.TIMEDATECTL);
    private final Messages messages;

    /** @param messages the language the findings are told in */
    public Doctor(Messages messages) {
        this.messages = messages;
    }

    /** @param agent asked once, after every check that needs no running agent */
    public List<Finding> examine(Path configFile, Supplier<AgentAnswer> agent) {
        List<Finding> findings = new ArrayList<>();
        AgentConfig config;
        try {
            // With the variables the service gets from its environment file, as config validate resolves them.
            config = ConfigLoader.load(configFile, EnvironmentFile.read(EnvironmentFile.SERVICE).over(System::getenv));
            findings.add(Finding.ok(messages.get("doctor.check.config"), messages.get("doctor.config.valid",
                    configFile, config.agent().id(), config.machines().size())));
        } catch (ConfigException e) {
            findings.add(Finding.fail(messages.get("doctor.check.config"), e.format() + System.lineSeparator()
                    + messages.count("doctor.config.problems", e.problems().size(), configFile),
                    messages.get("doctor.config.fix", configFile)));
            findings.add(HostChecks.clock(clock.synchronised(), messages));
            return findings;
        }
        Instant now = Instant.now();
        findings.addAll(new HostChecks(config, now, messages).run(clock));
        findings.addAll(new DeviceChecks(config, DeviceChecks.GPIO_CHIP, messages).run());
        findings.addAll(new BrokerChecks(config.broker().urls(), messages).run());
        findings.addAll(agent(config, agent.get(), now));
        return findings;
    }

    private List<Finding> agent(AgentConfig config, AgentAnswer answer, Instant now) {
        String check = messages.get("doctor.check.agent");
        if (answer instanceof AgentAnswer.NotRunning notRunning) {
            return List.of(Finding.warn(check, notRunning.detail(), messages.get("doctor.agent.notRunning.fix")));
        }
        if (answer instanceof AgentAnswer.Unreachable unreachable) {
            return List.of(Finding.fail(check, unreachable.detail(), null));
        }
        JsonNode status = ((AgentAnswer.Status) answer).status();
        Instant at = Optional.ofNullable(HumanText.instant(status.get("at"))).orElse(now);
        // The agent's own file, which the one given to doctor need not be (the demo runs a copy): unreadable, no finding.
        String running = status.path("agent").path("configHash").asText();
        String onDisk = ConfigLoader.hashOf(Path.of(status.path("agent").path("configFile").asText())).orElse(running);
        return new AgentChecks(new HumanText(config.agent().timezone(), at), messages).run(status, onDisk);
    }
}
