package io.edgeagent.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * A machine's signals as far as they could be read: the names always (so state rules are checked against
 * what the technician wrote, without a second error for every broken signal), the configs only when
 * every signal was valid.
 */
record BoundSignals(List<String> names, Optional<Map<String, SignalConfig>> configs) {

    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    BoundSignals {
        names = List.copyOf(names);
    }

    static BoundSignals none() {
        return new BoundSignals(List.of(), Optional.of(Map.of()));
    }

    /** Each entry of {@code section} bound by {@code bindOne(name, value)}. */
    static BoundSignals bind(YamlValue section, BiFunction<String, YamlValue, Optional<SignalConfig>> bindOne) {
        Problems problems = section.context().problems();
        int before = problems.count();
        List<String> names = new ArrayList<>();
        Map<String, SignalConfig> configs = new LinkedHashMap<>();
        for (YamlValue.Entry entry : section.entries().orElse(List.of())) {
            names.add(entry.key());
            if (!NAME.matcher(entry.key()).matches()) {
                problems.at(entry.keyNode(), "signal name '" + entry.key() + "' under " + section.path()
                        + " is not valid: start with a letter, then letters, digits, '_' or '-', at most 64"
                        + " characters");
            }
            bindOne.apply(entry.key(), entry.value()).ifPresent(config -> configs.put(entry.key(), config));
        }
        return new BoundSignals(names, problems.ifNoneSince(before, () -> Collections.unmodifiableMap(configs)));
    }
}
