package io.edgeagent.install;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What `mvn package` built in this module, as the tests find it (paths come from Failsafe's system
 * properties), plus the few things every test needs: the package unpacked once, external tools, commands.
 */
final class Build {

    static final String VERSION = property("edge.version");
    /** The Debian form of the Maven version: "-" becomes "~", so 0.1.0~SNAPSHOT sorts before 0.1.0. */
    static final String DEB_VERSION = VERSION.replaceFirst("-", "~");
    static final Path MODULE = Path.of(property("edge.install.dir"));
    static final Path TARGET = Path.of(property("edge.target.dir"));
    static final Path DEB = TARGET.resolve("edge-agent_" + DEB_VERSION + "_all.deb");
    static final Path TARBALL = TARGET.resolve("edge-agent-" + VERSION + ".tar.gz");
    /** Scratch space of the tests, inside the build dir so `mvn clean` takes it away. */
    static final Path WORK = TARGET.resolve("it");

    private static Path debRoot;
    private static Path tarballRoot;

    private Build() {
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set: run these tests with `mvn verify`");
        }
        return value;
    }

    /** The package's data tree, unpacked once per test run. */
    static synchronized Path debRoot() throws IOException {
        if (debRoot == null) {
            Path dir = fresh("deb-root");
            try (InputStream in = Deb.open(DEB).data()) {
                Tar.extract(in, dir);
            }
            debRoot = dir;
        }
        return debRoot;
    }

    /** The unpacked tarball's top folder (edge-agent-VERSION), unpacked once per test run. */
    static synchronized Path tarballRoot() throws IOException {
        if (tarballRoot == null) {
            Path dir = fresh("tarball");
            try (InputStream in = Files.newInputStream(TARBALL)) {
                Tar.extract(in, dir);
            }
            tarballRoot = dir.resolve("edge-agent-" + VERSION);
        }
        return tarballRoot;
    }

    /** An empty folder under {@link #WORK}, whatever an earlier run left there. */
    static Path fresh(String name) throws IOException {
        Path dir = WORK.resolve(name);
        delete(dir);
        Files.createDirectories(dir);
        return dir;
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The tool's path when it is on the PATH. */
    static Optional<Path> tool(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Skips the calling test unless {@code condition}, saying why on the console as well as in the report. */
    static void skipUnless(boolean condition, String why) {
        if (!condition) {
            System.err.println("[install tests] SKIPPED: " + why);
        }
        assumeTrue(condition, why);
    }

    static Path requireTool(String name, String what) {
        Optional<Path> path = tool(name);
        skipUnless(path.isPresent(), what + ": " + name + " is not installed here");
        return path.orElseThrow();
    }

    static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    /** Fails listing only what differs, instead of two maps of a hundred jars each. */
    static <V> void assertSameEntries(Map<String, V> expected, Map<String, V> actual, String what) {
        StringBuilder diff = new StringBuilder();
        new TreeSet<>(expected.keySet()).forEach(k -> {
            if (!actual.containsKey(k)) {
                diff.append("\n  missing ").append(k);
            } else if (!Objects.equals(expected.get(k), actual.get(k))) {
                diff.append("\n  ").append(k).append(": expected ").append(expected.get(k)).append(", got ").append(actual.get(k));
            }
        });
        new TreeSet<>(actual.keySet()).stream().filter(k -> !expected.containsKey(k))
                .forEach(k -> diff.append("\n  unexpected ").append(k));
        assertTrue(diff.isEmpty(), what + ":" + diff);
    }

    /** Exit status and output of a finished command. */
    record Result(int exit, String out, String err) {
        String both() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, Map.of(), null);
    }

    static Result run(List<String> command, Map<String, String> env, Path dir) throws IOException, InterruptedException {
        return run(command, env, dir, Duration.ofMinutes(2));
    }

    /**
     * Runs {@code command} with {@code env} added to this JVM's environment, JAVA_HOME set to this JVM so
     * the launcher uses the JDK the build runs on, and no stdin; fails after {@code timeout}.
     */
    static Result run(List<String> command, Map<String, String> env, Path dir, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("install-it", ".out");
        Path err = Files.createTempFile("install-it", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (dir != null) {
                builder.directory(dir.toFile());
            }
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("still running after " + timeout + ": " + command);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
