package io.edgeagent.agent.demo;

import io.edgeagent.agent.AgentSupervisor;
import io.edgeagent.agent.buffer.BufferUnavailableException;
import io.edgeagent.agent.capacity.store.StoreUnavailableException;
import io.edgeagent.agent.cli.Demo;
import io.edgeagent.agent.cli.Main;
import io.edgeagent.agent.cli.ShutdownHook;
import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.AgentSection;
import io.edgeagent.agent.config.BrokerConfig;
import io.edgeagent.agent.config.ConfigException;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.config.SparkplugConfig;
import io.edgeagent.agent.controlsocket.ControlUnavailableException;
import io.edgeagent.agent.feed.sparkplug.SparkplugTopics;
import io.edgeagent.agent.tls.TlsUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.common.MqttException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edge-agent demo}: simulated machines through the whole pipeline, with the MQTT feed printed. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run simulated machines, a broker and the agent; show the feed.",
            "Two injection-moulding machines and a machining centre on OPC UA (real OPC UA servers), a CNC lathe on"
                + " Modbus TCP, an MQTT broker and the agent run in one process, all on 127.0.0.1, and the MQTT feed"
                + " is printed as a cloud subscriber sees it, until Ctrl-C.",
            "It loads config/demo.yaml when started in a checkout, else the bundled demo config written once to"
                + " edge-agent-demo/demo.yaml, or the --config file, and keeps its buffer in that file's agent.dataDir,"
                + " so the CLI reaches the running demo with --config and the same file; it prints those commands."},
        footer = {"", "Examples:",
            "  edge-agent demo",
            "  edge-agent demo --sparkplug    # the Sparkplug B feed too",
            "  edge-agent demo --no-agent    # only the simulators and the broker; then,",
            "  edge-agent run --config config/demo.yaml    # the agent, in another terminal"})
public final class DemoCommand implements Demo {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "a config whose broker and OPC UA endpoints are all on 127.0.0.1 (default: the bundled demo)")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "where the agent keeps its buffer (default: the config's agent.dataDir)")
    Path dataDir;

    @Option(names = "--no-agent", description = "start only the simulators, the broker and the feed printer")
    boolean noAgent;

    @Option(names = "--sparkplug", description = "also run the Sparkplug B feed (edge node agent.id in group agent.site,"
            + " unless the config has its own) and print its messages, decoded")
    boolean sparkplug;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path here = Path.of("").toAbsolutePath();
        DemoPlace place;
        AgentConfig loaded;
        try {
            place = DemoPlace.choose(config, here);
            loaded = ConfigLoader.load(place.config());
        } catch (ConfigException e) {
            err.println(e.format());
            return Main.BAD_INPUT;
        } catch (IOException e) {
            err.println("demo not started: " + e.getMessage());
            return Main.FAILED;
        }
        // Only the broker's files and the simulators' certificates go here: the agent's data stays where the CLI
        // finds it by the config file. The hook that removes it is there before anything starts, so that a Ctrl-C
        // during the start-up removes it too.
        Path work = Files.createTempDirectory("edge-agent-demo");
        ShutdownHook hook = ShutdownHook.install(() -> deleteQuietly(work));
        UnaryOperator<AgentConfig> placed = dataDir == null ? UnaryOperator.identity() : c -> withDataDir(c, dataDir);
        UnaryOperator<AgentConfig> asRun = sparkplug ? c -> withSparkplug(placed.apply(c)) : placed;
        AgentConfig demo = asRun.apply(loaded);
        AgentSection a = demo.agent();

        out.println("edge-agent demo: starting an MQTT broker, " + demo.machines().size()
                + " simulated machines" + (noAgent ? "" : " and the agent") + "; Ctrl-C to stop");
        out.flush();
        FeedPrinter printer = new FeedPrinter();
        DemoRig rig;
        try {
            // In a supervisor, as under `run`: the demo's agent takes reload-config too.
            rig = DemoRig.start(demo, work, noAgent ? null
                    : c -> AgentSupervisor.start(place.config(), c, Clock.systemUTC(), asRun), m -> {
                        synchronized (out) {
                            out.println(printer.format(m, LocalTime.now()));
                            out.flush();
                        }
                    });
        } catch (IllegalArgumentException | IllegalStateException | MqttException | BufferUnavailableException
                 | StoreUnavailableException | TlsUnavailableException | ControlUnavailableException e) {
            err.println("demo not started: " + e.getMessage());
            hook.abandon();
            return Main.FAILED;
        }
        hook.started(rig);
        out.println("feed: " + demo.broker().urls().get(0) + "  topics "
                + demo.broker().topicRoot() + "/" + a.site() + "/" + a.id() + "/#");
        SparkplugConfig sp = demo.broker().sparkplug();
        if (sp != null) {
            out.println("Sparkplug B feed: edge node " + sp.groupId() + "/" + sp.edgeNodeIdOr(a.id()) + "  topics "
                    + new SparkplugTopics(sp.groupId(), sp.edgeNodeIdOr(a.id())).all());
        }
        if (!noAgent) {
            out.println("agent data: " + a.dataDir() + "; reach the agent from another terminal with:");
            if (dataDir != null) {
                out.println("  (--data-dir was given: the CLI finds the agent with a config whose agent.dataDir is "
                        + dataDir.toAbsolutePath() + ")");
            }
            place.cliCommands(here, demo.machines().get(0).id()).forEach(c -> out.println("  " + c));
        }
        out.flush();
        hook.await();
        return 0;
    }

    private static AgentConfig withDataDir(AgentConfig c, Path dataDir) {
        AgentSection a = c.agent();
        return new AgentConfig(new AgentSection(a.id(), a.site(), a.timezone(), dataDir.toAbsolutePath()), c.broker(),
                c.buffer(), c.sharing(), c.metrics(), c.machines(), c.sourcePath(), c.sourceHash());
    }

    /** The config's own Sparkplug section if it has one, else edge node agent.id in group agent.site. */
    private static AgentConfig withSparkplug(AgentConfig c) {
        BrokerConfig b = c.broker();
        if (b.sparkplug() != null) {
            return c;
        }
        BrokerConfig both = new BrokerConfig(b.urls(), b.username(), b.password(), b.tls(), b.topicRoot(), b.telemetry(),
                b.backfillPerSecond(), b.sessionExpiry(), b.keepAlive(), b.json(),
                new SparkplugConfig(c.agent().site(), null, null, true));
        return new AgentConfig(c.agent(), both, c.buffer(), c.sharing(), c.metrics(), c.machines(), c.sourcePath(),
                c.sourceHash());
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary folder is not worth failing the demo's exit for.
        }
    }
}
