package io.edgeagent.agent.doctor;

import java.util.Objects;

/**
 * One result of {@code edge-agent doctor}.
 *
 * @param level  how bad
 * @param check  what was checked, a few words
 * @param detail what was found, with the values that show it
 * @param fix    what to do, or {@code null} when nothing needs doing
 */
public record Finding(Level level, String check, String detail, String fix) {

    public enum Level {
        OK, WARN, FAIL
    }

    public Finding {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(detail, "detail");
    }

    static Finding ok(String check, String detail) {
        return new Finding(Level.OK, check, detail, null);
    }

    static Finding warn(String check, String detail, String fix) {
        return new Finding(Level.WARN, check, detail, fix);
    }

    static Finding fail(String check, String detail, String fix) {
        return new Finding(Level.FAIL, check, detail, fix);
    }
}
