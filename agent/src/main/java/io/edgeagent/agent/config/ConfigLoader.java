package io.edgeagent.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the agent's YAML file into a validated {@link AgentConfig}, or fails with every problem in it; or, for
 * {@code config validate}, {@linkplain #check checks} it.
 *
 * <p>Nothing is half-loaded: either all of the file is valid, or the caller gets a {@link ConfigException}
 * and keeps its last good config.
 */
public final class ConfigLoader {

    // full-reference.yaml, every key of the contract commented, is 17 kB; a gateway of 500 machines like the
    // demo's is about 700 kB. At most this much is read, whatever the file system says of the file, so that
    // /dev/zero or a pipe cannot fill the memory. SnakeYAML's own limit, 3 million code points, is never
    // reached: a code point takes at least one byte.
    static final int MAX_FILE_BYTES = 1024 * 1024;

    private ConfigLoader() {
    }

    /** Loads {@code file}, resolving {@code ${env:NAME}} from the process environment. */
    public static AgentConfig load(Path file) throws ConfigException {
        return load(file, System::getenv);
    }

    /**
     * Loads {@code file} to run on it, resolving {@code ${env:NAME}} with {@code env} (which returns {@code null} for
     * an unset variable): every problem, an unset variable or a missing password file included, is an error.
     * Problems name the file as given here.
     */
    public static AgentConfig load(Path file, Function<String, String> env) throws ConfigException {
        ConfigCheck check = bind(file, env, LoadMode.RUN);
        return check.config().orElseThrow(() -> new ConfigException(check.problems()));
    }

    /**
     * Checks {@code file} as {@code config validate} does: like {@link #load(Path, Function)}, but an unset variable
     * or a password or TLS file that is not there (or not readable by this user) is a warning, since the agent may
     * run elsewhere or as another user; every other problem is still found.
     */
    public static ConfigCheck check(Path file, Function<String, String> env) {
        try {
            return bind(file, env, LoadMode.VALIDATE);
        } catch (ConfigException e) {
            return new ConfigCheck(Optional.empty(), e.problems());
        }
    }

    private static ConfigCheck bind(Path file, Function<String, String> env, LoadMode mode) throws ConfigException {
        String label = file.toString();
        byte[] bytes = read(file, label);
        Problems problems = new Problems(label, mode);
        Path source = file.toAbsolutePath().normalize();
        BindContext context = new BindContext(problems, new EnvReferences(env), source.getParent());
        Optional<AgentConfig> config = ConfigText.decode(bytes, problems)
                .flatMap(text -> YamlParser.parse(text, label, problems))
                .flatMap(root -> ConfigBinder.bind(root, context, source, sha256(bytes)));
        // A binder builds its part when nothing below it went wrong, but a problem reported while opening the
        // top-level section (a misspelt or repeated section) lies above every binder, and one found while reading
        // on past a syntax error lies outside the tree: only the count of the whole file sees them.
        return new ConfigCheck(config.filter(valid -> problems.count() == 0), problems.sorted());
    }

    private static byte[] read(Path file, String label) throws ConfigException {
        if (Files.isDirectory(file)) {
            throw fileProblem(label, "this is a folder, not a file: name the YAML file, e.g. "
                    + file.resolve("agent.yaml"));
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw fileProblem(label, "no such file");
        } catch (AccessDeniedException e) {
            throw fileProblem(label, "permission denied: let the user the agent runs as read it");
        } catch (IOException e) {
            throw fileProblem(label, "cannot read the file (" + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw fileProblem(label, "the file is larger than 1 MB (" + MAX_FILE_BYTES + " bytes), the most a config"
                    + " may be; one for hundreds of machines is far smaller: check that this is the agent's YAML file");
        }
        return bytes;
    }

    private static ConfigException fileProblem(String label, String message) {
        return new ConfigException(List.of(new ConfigProblem(label, 0, 0, message)));
    }

    /**
     * The hash of the config file {@code file} as the agent computes it when it loads it, to tell whether the file
     * on disk is still the one a running agent loaded; empty when it cannot be read here (permissions, gone).
     */
    public static Optional<String> hashOf(Path file) {
        try {
            return Optional.of(sha256(Files.readAllBytes(file)));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** SHA-256 of a config file's bytes, lowercase hex: the agent's config hash. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
