package io.edgeagent.agent.config;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/** Binds {@code agent:}: who this gateway is. */
final class AgentBinder {

    private AgentBinder() {
    }

    static Optional<AgentSection> bind(YamlValue value) {
        return value.map("id", "site", "timezone", "dataDir").flatMap(AgentBinder::bind);
    }

    private static Optional<AgentSection> bind(YamlMap map) {
        Problems problems = map.context().problems();
        int before = problems.count();
        Optional<String> id = map.require("id", "the gateway's unique name, e.g. id: ningbo-p2-gw01")
                .flatMap(Ids::read);
        Optional<String> site = map.require("site", "the factory site, e.g. site: ningbo-p2").flatMap(Ids::read);
        Optional<ZoneId> timezone = map.read("timezone", AgentBinder::timezone, AgentSection.DEFAULT_TIMEZONE);
        Optional<Path> dataDir = map.read("dataDir", YamlValue::filePath, AgentSection.DEFAULT_DATA_DIR);
        return problems.ifNoneSince(before, () -> new AgentSection(id.orElseThrow(), site.orElseThrow(),
                timezone.orElseThrow(), dataDir.orElseThrow()));
    }

    // Only region names from the tz database: a fixed offset like +08:00 would silently ignore daylight
    // saving time in the sharing calendar.
    private static Optional<ZoneId> timezone(YamlValue value) {
        return value.text().flatMap(name -> {
            Set<String> zones = ZoneId.getAvailableZoneIds();
            if (zones.contains(name)) {
                return Optional.of(ZoneId.of(name));
            }
            value.problem(value.path() + " '" + name + "' is not an IANA time zone: "
                    + DidYouMean.closest(name, zones.stream().sorted().toList())
                            .map(s -> "did you mean '" + s + "'?")
                            .orElse("use a name like Asia/Shanghai, Europe/Berlin or UTC"));
            return Optional.empty();
        });
    }
}
