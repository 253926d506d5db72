package io.edgeagent.agent.cli;

import io.edgeagent.agent.config.AgentSection;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.controlsocket.ControlServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Where the running agent is, as its config file tells: the data dir, which holds the control socket; the
 * time zone to show times in; and the file's hash, to compare with the one the agent runs.
 *
 * <p>Only the {@code agent:} section is read, not the whole file through validation: an engineer may not be
 * allowed to read the agent's secrets ({@code passwordFile}) nor have its environment ({@code ${env:...}}),
 * and must reach the agent all the same. {@code config validate} and {@code doctor} check the whole file.
 *
 * @param configFile the file as given
 * @param agentId    {@code agent.id}, or {@code null} when it is missing or not a valid id
 * @param dataDir    {@code agent.dataDir}, absolute; relative ones are taken from the file's folder, as the agent does
 * @param timezone   {@code agent.timezone}
 * @param configHash SHA-256 of the file's bytes, lowercase hex, as the agent computes it
 */
record AgentLocation(Path configFile, String agentId, Path dataDir, ZoneId timezone, String configHash) {

    static AgentLocation read(Path configFile) throws CommandFailure {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(configFile);
        } catch (NoSuchFileException e) {
            throw bad(configFile, "no such file: name the agent's config with --config FILE");
        } catch (AccessDeniedException e) {
            throw bad(configFile, "permission denied: run as the agent's user or root, or join the agent's group");
        } catch (IOException e) {
            throw bad(configFile, "cannot read it: " + e.getMessage());
        }
        Map<?, ?> agent = agentSection(configFile, new String(bytes, StandardCharsets.UTF_8));
        Path base = configFile.toAbsolutePath().normalize().getParent();
        Path dataDir = AgentSection.DEFAULT_DATA_DIR;
        ZoneId timezone = AgentSection.DEFAULT_TIMEZONE;
        try {
            if (agent.get("dataDir") instanceof String dir) {
                dataDir = base.resolve(dir).normalize();
            }
            if (agent.get("timezone") instanceof String zone) {
                timezone = ZoneId.of(zone);
            }
        } catch (InvalidPathException | DateTimeException e) {
            throw bad(configFile, "agent: " + e.getMessage() + "; check the file with edge-agent config validate " + configFile);
        }
        String agentId = agent.get("id") instanceof String id && id.matches("[a-z0-9-]{1,64}") ? id : null;
        return new AgentLocation(configFile, agentId, dataDir, timezone, ConfigLoader.sha256(bytes));
    }

    Path socket() {
        return dataDir.resolve(ControlServer.SOCKET_NAME);
    }

    private static Map<?, ?> agentSection(Path configFile, String text) throws CommandFailure {
        Object root;
        try {
            String yaml = text.startsWith("\uFEFF") ? text.substring(1) : text;
            root = new Load(LoadSettings.builder().setLabel(configFile.toString()).build()).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw bad(configFile, "not readable YAML (" + e.getMessage().lines().findFirst().orElse("")
                    + "); check it with edge-agent config validate " + configFile);
        }
        if (root instanceof Map<?, ?> map && map.get("agent") instanceof Map<?, ?> agent) {
            return agent;
        }
        throw bad(configFile, "no agent: section; check it with edge-agent config validate " + configFile);
    }

    private static CommandFailure bad(Path configFile, String why) {
        return new CommandFailure("cannot find the agent from " + configFile + ": " + why, Main.BAD_INPUT);
    }
}
