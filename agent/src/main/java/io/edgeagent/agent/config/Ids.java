package io.edgeagent.agent.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The id alphabet of agents, sites and machines: {@code [a-z0-9-]{1,64}}. Ids become MQTT topic levels,
 * so they must never hold a wildcard, a separator or anything a broker ACL could trip over.
 */
final class Ids {

    static final Pattern ID = Pattern.compile("[a-z0-9-]{1,64}");

    private static final Pattern OUTSIDE_ALPHABET = Pattern.compile("[^a-z0-9-]+");
    private static final int MAX_LENGTH = 64;

    private Ids() {
    }

    static Optional<String> read(YamlValue value) {
        return value.text().filter(id -> {
            if (ID.matcher(id).matches()) {
                return true;
            }
            value.problem(value.path() + " '" + id + "' is not a valid id: use 1 to 64 characters from a-z, 0-9"
                    + " and '-'" + suggestion(id).map(s -> ", e.g. '" + s + "'").orElse(""));
            return false;
        });
    }

    private static Optional<String> suggestion(String id) {
        String fixed = OUTSIDE_ALPHABET.matcher(id.toLowerCase(Locale.ROOT)).replaceAll("-");
        fixed = fixed.substring(0, Math.min(fixed.length(), MAX_LENGTH));
        return fixed.replace("-", "").isEmpty() ? Optional.empty() : Optional.of(fixed);
    }
}
