package io.edgeagent.agent.sharing;

import java.util.Objects;

/**
 * One sharing rule of a machine in words, and where it came from, as {@code windows} and {@code why} show it.
 *
 * @param kind {@code weekly}, {@code closed}, {@code minWindow} or {@code maintenance}
 * @param rule the rule: {@code MON TUE 18:00-06:00}, {@code 2026-12-25}, {@code 60 min},
 *             {@code 2026-12-01T08:00 .. 2026-12-01T12:00}
 * @param from {@code /etc/edge-agent/agent.yaml:41}, {@code default}, or
 *             {@code platform version 5, set 2026-12-01T07:55:00Z}
 */
public record SharingRule(String kind, String rule, String from) {

    public SharingRule {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(from, "from");
    }
}
