package io.edgeagent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The source checkout's bin/edge-agent builds when the jar is missing or older than a source, and only then:
 * run in a copy of the checkout's layout, with a stand-in mvn that logs each build and a stand-in java.
 */
class CheckoutLauncherIT {

    private static final List<String> SOURCES = List.of("pom.xml", "agent/pom.xml", "drivers/pom.xml",
            "simulators/pom.xml", "broker/pom.xml", "demo/pom.xml",
            "agent/src/main/java/io/edgeagent/agent/cli/Main.java", "agent/src/main/resources/simplelogger.properties",
            "drivers/src/main/java/io/edgeagent/drivers/Driver.java",
            "simulators/src/main/java/io/edgeagent/drivers/sim/ImmSimulator.java",
            "broker/src/main/java/io/edgeagent/broker/EmbeddedBroker.java",
            "demo/src/main/java/io/edgeagent/agent/demo/DemoRig.java", "config/demo.yaml");

    private Path checkout;
    private Path jar;
    private Path builds;
    private Path tools;

    @BeforeEach
    void checkout() throws IOException {
        Path root = Build.fresh("checkout-launcher");
        checkout = root.resolve("checkout");
        tools = root.resolve("tools");
        builds = root.resolve("builds.log");
        jar = checkout.resolve("demo/target/edge-agent-demo.jar");
        Files.createDirectories(checkout.resolve("bin"));
        Files.copy(Build.MODULE.resolve("../bin/edge-agent"), checkout.resolve("bin/edge-agent"));
        for (String source : SOURCES) {
            Files.createDirectories(checkout.resolve(source).getParent());
            Files.writeString(checkout.resolve(source), "source\n");
        }
        // mvn logs its arguments and writes the jar, unless MVN_UP_TO_DATE says Maven found nothing to do.
        script(tools.resolve("bin/mvn"), "echo \"$*\" >> '" + builds + "'\n"
                + "[ -n \"${MVN_UP_TO_DATE:-}\" ] || { mkdir -p demo/target && echo jar > demo/target/edge-agent-demo.jar; }\n");
        script(tools.resolve("jdk/bin/java"), "echo \"java $*\"\n");
    }

    private static void script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\nset -eu\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Build.Result launch(Map<String, String> env) throws IOException, InterruptedException {
        Map<String, String> all = new HashMap<>(env);
        all.put("PATH", tools.resolve("bin") + ":" + System.getenv("PATH"));
        all.put("JAVA_HOME", tools.resolve("jdk").toString());
        Build.Result result = Build.run(List.of(checkout.resolve("bin/edge-agent").toString(), "--version"), all, checkout);
        assertEquals(0, result.exit(), result.toString());
        assertTrue(result.out().contains("-jar " + jar + " --version"), result.out());
        return result;
    }

    private Build.Result launch() throws IOException, InterruptedException {
        return launch(Map.of());
    }

    private long buildCount() throws IOException {
        return Files.exists(builds) ? Files.readAllLines(builds).size() : 0;
    }

    /** Every source, folders included, and the jar put back in time, the jar the newest of them. */
    private void ageEverything() throws IOException {
        FileTime sources = FileTime.from(Instant.now().minusSeconds(600));
        try (Stream<Path> all = Files.walk(checkout)) {
            for (Path p : all.toList()) {
                Files.setLastModifiedTime(p, sources);
            }
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(300)));
    }

    @Test
    void buildsOnFirstUseThenRunsTheJarWithoutBuildingAgain() throws IOException, InterruptedException {
        Build.Result first = launch();
        assertTrue(first.err().contains("first run, building"), first.err());
        assertEquals(1, buildCount());
        assertEquals(List.of("-B -q -DskipTests -pl demo -am package"), Files.readAllLines(builds));

        Build.Result second = launch();
        assertEquals("", second.err());
        assertEquals(1, buildCount(), "nothing changed: no build");
    }

    /** Issue 17, item 5: `run` is the daemon as a device has it, without the demo, its simulators and broker. */
    @Test
    void runStartsTheAgentsOwnJarEveryOtherCommandTheCliWithTheDemo() throws IOException, InterruptedException {
        launch();
        Build.Result run = Build.run(List.of(checkout.resolve("bin/edge-agent").toString(), "run", "--config", "a.yaml"),
                Map.of("PATH", tools.resolve("bin") + ":" + System.getenv("PATH"), "JAVA_HOME",
                        tools.resolve("jdk").toString()), checkout);
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("-jar " + checkout.resolve("agent/target/edge-agent.jar") + " run --config a.yaml"),
                run.out());
        assertEquals(1, buildCount(), "the build that made the demo's jar made the agent's");
    }

    @Test
    void rebuildsWhenAnySourceIsNewerThanTheJar() throws IOException, InterruptedException {
        launch();
        for (String source : SOURCES) {
            ageEverything();
            long before = buildCount();
            Files.setLastModifiedTime(checkout.resolve(source), FileTime.from(Instant.now().minusSeconds(100)));
            Build.Result changed = launch();
            assertEquals(before + 1, buildCount(), source + " changed: one build");
            assertTrue(changed.err().contains(source + " is newer than the build, rebuilding"), changed.err());
            launch();
            assertEquals(before + 1, buildCount(), source + ": built once, then run as it is");
        }
    }

    @Test
    void rebuildsWhenASourceWasDeleted() throws IOException, InterruptedException {
        launch();
        Path gone = checkout.resolve("drivers/src/main/java/io/edgeagent/drivers/Gone.java");
        Files.writeString(gone, "source\n");
        ageEverything();
        Files.delete(gone);
        launch();
        assertEquals(2, buildCount(), "a deleted source makes its folder newer than the jar");
    }

    @Test
    void aJarMavenLeftUntouchedCountsAsBuiltWhenTheBuildBegan() throws IOException, InterruptedException {
        launch();
        ageEverything();
        Files.setLastModifiedTime(checkout.resolve(SOURCES.get(6)), FileTime.from(Instant.now().minusSeconds(100)));
        launch(Map.of("MVN_UP_TO_DATE", "yes"));
        assertEquals(2, buildCount());
        launch();
        assertEquals(2, buildCount(), "the up-to-date jar was stamped with the build's start: no second build");
        assertTrue(Files.notExists(checkout.resolve("demo/target/.build-started")), "the stamp is cleaned up");
    }
}
