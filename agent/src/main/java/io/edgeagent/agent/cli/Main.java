package io.edgeagent.agent.cli;

import io.edgeagent.agent.Version;
import io.edgeagent.agent.text.Messages;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** {@code edge-agent}: the daemon and the service engineer's tools, one command line. */
@Command(name = "edge-agent",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Reads machines over OPC UA, Modbus and GPIO, works out their state and idle capacity, buffers"
            + " everything on disk and publishes it to an MQTT v5 broker.",
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  fine",
            "  1  a check failed, the agent could not start, or it is not running",
            "  2  bad input: config or arguments",
            "  3  the agent is busy serving other clients: try again in a moment",
            "",
            "Examples:",
            "  edge-agent demo                   simulated plant and live feed (checkout)",
            "  edge-agent run --config /etc/edge-agent/agent.yaml",
            "  edge-agent config validate agent.yaml",
            "  edge-agent status                 the running agent: broker, buffer, machines",
            "  edge-agent doctor                 the usual field problems, each with its fix",
            "  edge-agent why imm-01             the rule and values behind imm-01's state",
            "  edge-agent tail imm-01 mouldTemp  live readings until Ctrl-C",
            "  edge-agent buffer stats           what waits for the broker, agent stopped too",
            "  edge-agent buffer peek --class events",
            "                                    the oldest waiting events, cut short",
            "  edge-agent probe modbus tcp://10.0.3.40 holding:0:10",
            "                                    read a machine directly, to find its map",
            "  edge-agent probe opcua opc.tcp://10.0.3.17:4840 --browse",
            "                                    a machine's OPC UA endpoints and nodes",
            "  edge-agent opcua trust F7931C0A   trust a refused OPC UA server certificate",
            "",
            "The service commands find the agent through --config (default",
            "/etc/edge-agent/agent.yaml): its data dir holds the control socket,",
            "control.sock, which only the agent's user and group may use.",
            "",
            "With LANG=zh_CN.UTF-8 (or LC_MESSAGES, LC_ALL) status, doctor and",
            "config validate speak Chinese; logs and --json stay English."})
public final class Main {

    /** Exit code for a failed check or a start that could not happen. */
    public static final int FAILED = 1;
    /** Exit code for bad input (config, arguments); picocli uses it for usage errors too. */
    public static final int BAD_INPUT = 2;
    /** Exit code for an agent that serves as many clients as it takes: a script may try again. */
    static final int BUSY = 3;

    /** The language of the technician-facing lines, as the environment asks for it. */
    private final Messages messages;

    private Main(Messages messages) {
        this.messages = messages;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, speaking the language of this process's environment; tests run it in-process. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** The command line speaking the language {@code environment} (LC_ALL, LC_MESSAGES, LANG) asks for. */
    public static CommandLine commandLine(Map<String, String> environment) {
        // Added here rather than in @Command: `demo` is the demo module's command where that is on the class path
        // (a checkout), else the note that it is not installed (a device), and it keeps its place second in --help.
        Messages messages = Messages.of(environment);
        CommandLine cli = new CommandLine(new Main(messages));
        cli.addSubcommand(RunCommand.class);
        cli.addSubcommand("demo", Demo.installed().<Object>map(d -> d).orElseGet(DemoNotInstalled::new));
        List.of(ConfigCommand.class, StatusCommand.class, DoctorCommand.class, MachinesCommand.class,
                WhyCommand.class, WindowsCommand.class, TailCommand.class, BufferCommand.class, ProbeCommand.class,
                OpcUaCommand.class, CommandLine.HelpCommand.class).forEach(cli::addSubcommand);
        if (!messages.isEnglish()) {
            // After the subcommands are added: picocli hands the writers to those registered at the call.
            cli.setOut(new PrintWriter(new OutputStreamWriter(System.out, messages.charset()), true));
            cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, messages.charset()), true));
        }
        return cli.setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** The messages of the command line {@code spec} belongs to; English for a command run on its own (tests). */
    static Messages messages(CommandSpec spec) {
        return spec.root().userObject() instanceof Main main ? main.messages : Messages.ENGLISH;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"edge-agent " + Version.current(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
