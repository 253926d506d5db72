package io.edgeagent.agent.cli;

import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.AgentSection;
import io.edgeagent.agent.config.ConfigException;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.demo.DemoRig;
import io.edgeagent.agent.demo.FeedPrinter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edge-agent demo}: simulated machines through the whole pipeline, with the MQTT feed printed. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run simulated injection-moulding machines (real OPC UA servers), an MQTT broker and the",
            "agent in one process, all on 127.0.0.1, and print the MQTT feed as a cloud subscriber sees it,",
            "until Ctrl-C. Uses the bundled config/demo.yaml unless --config is given."},
        footer = {"", "Examples:",
            "  edge-agent demo",
            "  edge-agent demo --no-agent    # only the simulators and the broker; run the agent yourself:",
            "  edge-agent run --config config/demo.yaml"})
final class DemoCommand implements Callable<Integer> {

    private static final String BUNDLED = "/io/edgeagent/agent/demo/demo.yaml";

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "a config whose broker and OPC UA endpoints are all on 127.0.0.1 (default: the bundled demo)")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "where the agent keeps its buffer (default: a temporary folder, removed on exit)")
    Path dataDir;

    @Option(names = "--no-agent", description = "start only the simulators, the broker and the feed printer")
    boolean noAgent;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path work = Files.createTempDirectory("edge-agent-demo");
        boolean running = false;
        try {
            AgentConfig loaded;
            try {
                loaded = ConfigLoader.load(config != null ? config : bundledConfig(work));
            } catch (ConfigException e) {
                err.println(e.format());
                return Main.BAD_INPUT;
            }
            AgentSection a = loaded.agent();
            Path data = dataDir != null ? dataDir : work.resolve("data");
            AgentConfig demo = new AgentConfig(new AgentSection(a.id(), a.site(), a.timezone(), data), loaded.broker(),
                    loaded.buffer(), loaded.sharing(), loaded.metrics(), loaded.machines(), loaded.sourcePath(),
                    loaded.sourceHash());

            out.println("edge-agent demo: starting an MQTT broker, " + demo.machines().size()
                    + " simulated machines" + (noAgent ? "" : " and the agent") + "; Ctrl-C to stop");
            out.flush();
            FeedPrinter printer = new FeedPrinter();
            DemoRig rig;
            try {
                rig = DemoRig.start(demo, work, !noAgent, m -> {
                    synchronized (out) {
                        out.println(printer.format(m, LocalTime.now()));
                        out.flush();
                    }
                });
            } catch (IllegalArgumentException | IllegalStateException e) {
                err.println("demo not started: " + e.getMessage());
                return Main.FAILED;
            }
            out.println("feed: " + demo.broker().urls().get(0) + "  topics "
                    + demo.broker().topicRoot() + "/" + a.site() + "/" + a.id() + "/#");
            out.flush();
            running = true;
            // The JVM may halt as soon as the shutdown hook ends, so the hook also removes the folder.
            RunCommand.awaitShutdown(() -> {
                rig.close();
                deleteQuietly(work);
            });
            return 0;
        } finally {
            if (!running) {
                deleteQuietly(work);
            }
        }
    }

    private static Path bundledConfig(Path work) throws IOException {
        Path file = work.resolve("demo.yaml");
        try (InputStream in = DemoCommand.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IOException("the bundled demo config is missing from the jar (" + BUNDLED + "): rebuild");
            }
            Files.copy(in, file);
        }
        return file;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary folder is not worth failing the demo's exit for.
        }
    }
}
