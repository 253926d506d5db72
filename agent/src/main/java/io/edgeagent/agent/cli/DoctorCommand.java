package io.edgeagent.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.agent.doctor.AgentAnswer;
import io.edgeagent.agent.doctor.Doctor;
import io.edgeagent.agent.doctor.Finding;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
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
        return report(new Doctor().examine(options.config, () -> agent(json)), json);
    }

    /** The running agent's status, over its control socket. */
    private AgentAnswer agent(ObjectMapper json) {
        Optional<AgentSession> running;
        AgentLocation location;
        try {
            location = AgentLocation.read(options.config);
            running = AgentSession.ifRunning(location, json);
        } catch (CommandFailure f) {
            return new AgentAnswer.Unreachable(f.getMessage());
        }
        if (running.isEmpty()) {
            return new AgentAnswer.NotRunning(AgentSession.notRunning(location).getMessage());
        }
        try (AgentSession session = running.get()) {
            return new AgentAnswer.Status(session.ask(session.request("status")));
        } catch (CommandFailure f) {
            return new AgentAnswer.Unreachable(f.getMessage());
        }
    }

    private int report(List<Finding> findings, ObjectMapper json) {
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
            print(findings, spec.commandLine().getColorScheme().ansi(), out);
            out.println();
            out.println(failed == 0 && warned == 0 ? "all " + findings.size() + " checks passed"
                    : String.format(Locale.ROOT, "%d failed, %d warning%s, %d passed", failed, warned,
                            warned == 1 ? "" : "s", findings.size() - failed - warned));
        }
        out.flush();
        return failed == 0 ? 0 : Main.FAILED;
    }

    private static void print(List<Finding> findings, Ansi ansi, PrintWriter out) {
        int width = findings.stream().mapToInt(f -> f.check().length()).max().orElse(0);
        for (Finding f : findings) {
            String level = switch (f.level()) {
                case OK -> Table.paint(ansi, "ok  ", Style.fg_green);
                case WARN -> Table.paint(ansi, "WARN", Style.fg_yellow);
                case FAIL -> Table.paint(ansi, "FAIL", Style.fg_red, Style.bold);
            };
            String[] lines = f.detail().split("\\R");
            out.println(level + "  " + f.check() + " ".repeat(width - f.check().length() + 2) + lines[0]);
            String indent = " ".repeat(4 + 2 + width + 2);
            for (int i = 1; i < lines.length; i++) {
                out.println(indent + lines[i]);
            }
            if (f.fix() != null) {
                out.println(indent + Table.paint(ansi, "fix: ", Style.bold) + f.fix());
            }
        }
    }
}
