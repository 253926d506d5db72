package io.edgeagent.agent.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Values that must be unique across the file (machine ids, GPIO pins), with where each was first
 * written, so a clash can point at both places.
 */
final class UniqueClaims<K> {

    private final Map<K, YamlValue> first = new LinkedHashMap<>();

    /** Claims {@code key} for {@code at}; returns the earlier claimant if there was one. */
    Optional<YamlValue> claim(K key, YamlValue at) {
        return Optional.ofNullable(first.putIfAbsent(key, at));
    }

    /** The claimed keys in file order. */
    List<K> keys() {
        return new ArrayList<>(first.keySet());
    }

    /** {@code "machines[0].id on line 12"}, to point at the first claimant. */
    static String describe(YamlValue claimant) {
        return claimant.path() + claimant.node().getStartMark().map(m -> " on line " + (m.getLine() + 1)).orElse("");
    }
}
