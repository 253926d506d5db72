package io.edgeagent.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.agent.doctor.AgentAnswer;
import io.edgeagent.agent.doctor.Doctor;
import io.edgeagent.agent.doctor.Finding;
import io.edgeagent.agent.text.HumanText;
import io.edgeagent.agent.text.Messages;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.Style;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code edge-agent doctor}: the field problems that cost engineers hours, each with its fix. The checks are the
 * doctor's ({@code doctor}); this asks the running agent over its control socket and prints what they found.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check what usually goes wrong on site, and print the fix for each.",
            "Checks the config, the data dir and free disk, buffer files moved aside as unreadable, the serial ports"
                + " and GPIO the machines are wired to, broker DNS and TCP reachability, the clock, the client"
                + " certificate's expiry, and, when the agent runs, its broker connection and machines.",
            "Works without a running agent. Exits 0 when nothing failed, 1 when a check failed."},
        footer = {"", "Examples:", "  edge-agent doctor", "  sudo -u edge-agent edge-agent doctor --config /etc/edge-agent/agent.yaml",
            "  edge-agent doctor --json | jq '.checks[] | select(.level == \"FAIL\")'"})
final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AgentOptions options;

    @Override
    public Integer call() {
        ObjectMapper json = new ObjectMapper();
        // --json is for scripts, which match English words whatever the technician's language.
        Messages messages = options.json ? Messages.ENGLISH : Main.messages(spec);
        return report(new Doctor(messages).examine(options.config, () -> agent(json, messages)), json, messages);
    }

    /** The running agent's status, over its control socket. */
    private AgentAnswer agent(ObjectMapper json, Messages messages) {
        Optional<AgentSession> running;
        AgentLocation location;
        try {
            location = AgentLocation.read(options.config);
            running = AgentSession.ifRunning(location, json);
        } catch (CommandFailure f) {
            return new AgentAnswer.Unreachable(f.getMessage());
        }
        if (running.isEmpty()) {
            return new AgentAnswer.NotRunning(AgentSession.notRunning(location, messages).getMessage());
        }
        try (AgentSession session = running.get()) {
            return new AgentAnswer.Status(session.ask(session.request("status")));
        } catch (CommandFailure f) {
            return new AgentAnswer.Unreachable(f.getMessage());
        }
    }

    private int report(List<Finding> findings, ObjectMapper json, Messages m) {
        PrintWriter out = spec.commandLine().getOut();
        long failed = findings.stream().filter(f -> f.level() == Finding.Level.FAIL).count();
        long warned = findings.stream().filter(f -> f.level() == Finding.Level.WARN).count();
        if (options.json) {
            ObjectNode root = json.createObjectNode();
            root.put("ok", failed == 0);
            ArrayNode checks = root.putArray("checks");
            for (Finding f : findings) {
                checks.addObject().put("level", f.level().name()).put("check", f.check()).put("detail", f.detail())
                        .put("fix", f.fix());
            }
            out.println(root.toPrettyString());
        } else {
            print(findings, m, spec.commandLine().getColorScheme().ansi(), out);
            out.println();
            out.println(failed == 0 && warned == 0 ? m.get("doctor.summary.passed", findings.size())
                    : m.get("doctor.summary.problems", failed, m.count("doctor.warnings", warned),
                            findings.size() - failed - warned));
        }
        out.flush();
        return failed == 0 ? 0 : Main.FAILED;
    }

    private static void print(List<Finding> findings, Messages m, Ansi ansi, PrintWriter out) {
        int width = findings.stream().mapToInt(f -> HumanText.width(f.check())).max().orElse(0);
        String ok = m.get("doctor.level.ok");
        String warn = m.get("doctor.level.warn");
        String fail = m.get("doctor.level.fail");
        int levelWidth = Math.max(HumanText.width(ok), Math.max(HumanText.width(warn), HumanText.width(fail)));
        for (Finding f : findings) {
            String word = switch (f.level()) {
                case OK -> ok;
                case WARN -> warn;
                case FAIL -> fail;
            };
            String padded = word + " ".repeat(levelWidth - HumanText.width(word));
            String level = switch (f.level()) {
                case OK -> Table.paint(ansi, padded, Style.fg_green);
                case WARN -> Table.paint(ansi, padded, Style.fg_yellow);
                case FAIL -> Table.paint(ansi, padded, Style.fg_red, Style.bold);
            };
            String[] lines = f.detail().split("\\R");
            out.println(level + "  " + f.check() + " ".repeat(width - HumanText.width(f.check()) + 2) + lines[0]);
            String indent = " ".repeat(levelWidth + 2 + width + 2);
            for (int i = 1; i < lines.length; i++) {
                out.println(indent + lines[i]);
            }
            if (f.fix() != null) {
                out.println(indent + Table.paint(ansi, m.get("doctor.fix"), Style.bold) + f.fix());
            }
        }
    }
}
