package io.edgeagent.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.agent.text.HumanText;
import java.io.PrintWriter;
import java.time.ZoneId;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the commands that ask the running agent one question share: connect, ask, print the answer as
 * JSON ({@code --json}) or for a person, and turn every failure into its message and exit code.
 */
final class Query {

    /** Builds the request on an open session. */
    @FunctionalInterface
    interface Request {
        ObjectNode build(AgentSession session) throws CommandFailure;
    }

    /** Adds what only the command line can know to the agent's answer (the local clock, the file on disk). */
    @FunctionalInterface
    interface Amend {
        JsonNode apply(AgentSession session, JsonNode answer);
    }

    /** Prints the answer for a person. */
    @FunctionalInterface
    interface Printer {
        void print(JsonNode answer, HumanText text, Ansi ansi, PrintWriter out);
    }

    private Query() {
    }

    /** The request for {@code op}, limited to one machine when {@code machine} is given. */
    static Request forMachine(String op, String machine) {
        return session -> {
            ObjectNode request = session.request(op);
            if (machine != null) {
                request.put("machine", machine);
            }
            return request;
        };
    }

    static int run(CommandSpec spec, AgentOptions options, Request request, Printer printer) {
        return run(spec, options, request, (session, answer) -> answer, printer);
    }

    static int run(CommandSpec spec, AgentOptions options, Request request, Amend amend, Printer printer) {
        try (AgentSession session = AgentSession.open(options, new ObjectMapper(), Main.messages(spec))) {
            return print(spec, options, amend.apply(session, session.ask(request.build(session))),
                    session.location().timezone(), printer);
        } catch (CommandFailure f) {
            spec.commandLine().getErr().println(f.getMessage());
            return f.exitCode();
        }
    }

    /** Prints {@code answer} as JSON ({@code --json}) or for a person, in the agent's time zone; returns exit 0. */
    static int print(CommandSpec spec, AgentOptions options, JsonNode answer, ZoneId zone, Printer printer) {
        PrintWriter out = spec.commandLine().getOut();
        if (options.json) {
            out.println(answer.toPrettyString());
        } else {
            printer.print(answer, new HumanText(zone, HumanText.instant(answer.get("at"))),
                    spec.commandLine().getColorScheme().ansi(), out);
        }
        out.flush();
        return 0;
    }
}
