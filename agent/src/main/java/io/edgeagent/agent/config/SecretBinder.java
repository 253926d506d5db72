package io.edgeagent.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Binds a password given either inline ({@code password:}, usually {@code ${env:NAME}}) or as a file
 * ({@code passwordFile:}, one line, readable only by the agent). Problems name the key and the file,
 * never the content.
 */
final class SecretBinder {

    private static final String PASSWORD = "password";
    private static final String PASSWORD_FILE = "passwordFile";

    private SecretBinder() {
    }

    /** The password of {@code map}; empty when none is given or after reporting a problem. */
    static Optional<Secret> bind(YamlMap map) {
        if (map.has(PASSWORD) && map.has(PASSWORD_FILE)) {
            map.context().problems().at(map.keyNode(PASSWORD_FILE), map.path() + " has both password and"
                    + " passwordFile: keep only one");
            return Optional.empty();
        }
        Optional<Secret> inline = map.get(PASSWORD).flatMap(YamlValue::text).map(Secret::new);
        return inline.isPresent() ? inline : map.get(PASSWORD_FILE).flatMap(SecretBinder::fromFile);
    }

    private static Optional<Secret> fromFile(YamlValue value) {
        return value.filePath().flatMap(file -> {
            String content;
            try {
                if (Files.isDirectory(file)) {
                    return unreadable(value, file, "it is a folder; name the file that holds the password");
                }
                content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return absent(value, file, "no such file; create it with the password on one line,"
                        + " or use password: ${env:NAME} instead");
            } catch (AccessDeniedException e) {
                return absent(value, file, "permission denied; let the user the agent runs as read it");
            } catch (IOException e) {
                return unreadable(value, file, e.getClass().getSimpleName());
            }
            String password = content.replaceAll("[\r\n]+$", "");
            if (password.isEmpty()) {
                return unreadable(value, file, "the file is empty; put the password in it");
            }
            return Optional.of(new Secret(password));
        });
    }

    private static Optional<Secret> unreadable(YamlValue value, Path file, String reason) {
        value.problem(message(value, file, reason));
        return Optional.empty();
    }

    /** Not there, or not for this user: {@code config validate} may run elsewhere, or as another user. */
    private static Optional<Secret> absent(YamlValue value, Path file, String reason) {
        value.context().problems().absent(value.node(), message(value, file, reason));
        return Optional.empty();
    }

    private static String message(YamlValue value, Path file, String reason) {
        return value.path() + ": cannot read '" + file + "': " + reason;
    }
}
