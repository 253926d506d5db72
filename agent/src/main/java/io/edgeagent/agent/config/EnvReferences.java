package io.edgeagent.agent.config;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Replaces {@code ${env:NAME}} in text values with the value of an environment variable, so that secrets
 * and per-device values can stay out of the file.
 *
 * <p>Problems name the variable and the key, never a value: the value may be a password.
 */
final class EnvReferences {

    private static final String START = "${env:";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([^}]*)}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Function<String, String> env;

    EnvReferences(Function<String, String> env) {
        this.env = env;
    }

    /** The text with every reference replaced, or empty after reporting an unset or malformed reference. */
    Optional<String> resolve(String raw, Node node, String path, Problems problems) {
        if (!raw.contains(START)) {
            return Optional.of(raw);
        }
        int before = problems.count();
        StringBuilder resolved = new StringBuilder();
        StringBuilder unmatched = new StringBuilder();
        Matcher matcher = REFERENCE.matcher(raw);
        int last = 0;
        while (matcher.find()) {
            String literal = raw.substring(last, matcher.start());
            resolved.append(literal);
            unmatched.append(literal);
            last = matcher.end();
            String name = matcher.group(1);
            if (!NAME.matcher(name).matches()) {
                problems.at(node, path + " has the reference ${env:" + name + "}, which is not a valid variable"
                        + " name: use letters, digits and '_', e.g. ${env:MQTT_PASSWORD}");
                continue;
            }
            String value = env.apply(name);
            if (value == null) {
                problems.absent(node, path + " uses ${env:" + name + "}, but the environment variable " + name
                        + " is not set: add the line " + name + "=... to " + EnvironmentFile.SERVICE
                        + " (the service reads it) or write the value here");
            } else {
                resolved.append(value);
            }
        }
        String rest = raw.substring(last);
        resolved.append(rest);
        unmatched.append(rest);
        if (unmatched.indexOf(START) >= 0) {
            problems.at(node, path + " has an unfinished ${env: reference: write it as ${env:NAME}");
        }
        return problems.ifNoneSince(before, resolved::toString);
    }
}
