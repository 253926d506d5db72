package io.edgeagent.agent.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
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
 * Reads the agent's YAML file into a validated {@link AgentConfig}, or fails with every problem in it.
 *
 * <p>Nothing is half-loaded: either all of the file is valid, or the caller gets a {@link ConfigException}
 * and keeps its last good config.
 */
public final class ConfigLoader {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private ConfigLoader() {
    }

    /** Loads {@code file}, resolving {@code ${env:NAME}} from the process environment. */
    public static AgentConfig load(Path file) throws ConfigException {
        return load(file, System::getenv);
    }

    /**
     * Loads {@code file}, resolving {@code ${env:NAME}} with {@code env} (which returns {@code null} for an
     * unset variable). Problems name the file as given here.
     */
    public static AgentConfig load(Path file, Function<String, String> env) throws ConfigException {
        String label = file.toString();
        byte[] bytes = read(file, label);
        Problems problems = new Problems(label);
        Path source = file.toAbsolutePath().normalize();
        BindContext context = new BindContext(problems, new EnvReferences(env), source.getParent());
        Optional<AgentConfig> config = decode(bytes, problems)
                .flatMap(text -> YamlParser.parse(text, label, problems))
                .flatMap(root -> ConfigBinder.bind(root, context, source, sha256(bytes)));
        // A binder builds its part when nothing below it went wrong, but a problem reported while opening the
        // top-level section (a misspelt or repeated section) lies above every binder: only the count of the
        // whole file can see it.
        return config.filter(valid -> problems.count() == 0)
                .orElseThrow(() -> new ConfigException(problems.sorted()));
    }

    private static byte[] read(Path file, String label) throws ConfigException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw fileProblem(label, "no such file");
        } catch (AccessDeniedException e) {
            throw fileProblem(label, "permission denied: let the user the agent runs as read it");
        } catch (IOException e) {
            throw fileProblem(label, "cannot read the file (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static ConfigException fileProblem(String label, String message) {
        return new ConfigException(List.of(new ConfigProblem(label, 0, 0, message)));
    }

    private static Optional<String> decode(byte[] bytes, Problems problems) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            return Optional.of(!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text);
        } catch (CharacterCodingException e) {
            problems.atFile("the file is not UTF-8 text: save it as UTF-8 in the editor");
            return Optional.empty();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
