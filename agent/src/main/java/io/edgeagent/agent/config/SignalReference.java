package io.edgeagent.agent.config;

import java.util.List;
import java.util.Optional;

/** A value naming one of the machine's signals ({@code counter}, a state rule's {@code signal}). */
final class SignalReference {

    private SignalReference() {
    }

    static Optional<String> read(YamlValue value, List<String> signals) {
        return value.text().filter(name -> {
            if (signals.contains(name)) {
                return true;
            }
            String known = signals.isEmpty() ? "this machine has no signals"
                    : "the signals of this machine are " + String.join(", ", signals);
            value.problem("unknown signal '" + name + "' in " + value.path() + ": " + known
                    + DidYouMean.closest(name, signals).map(s -> "; did you mean '" + s + "'?").orElse(""));
            return false;
        });
    }
}
