package io.edgeagent.agent.sharing;

import io.edgeagent.agent.capacity.CapacityEngine;
import io.edgeagent.agent.capacity.CommandAnswer;
import io.edgeagent.agent.capacity.MaintenancePlan;
import io.edgeagent.agent.capacity.SharingCalendar;
import io.edgeagent.agent.config.MaintenanceSlot;
import io.edgeagent.agent.config.SharingConfig;
import io.edgeagent.agent.config.SharingConfig.ManagedBy;
import io.edgeagent.agent.config.SharingRulesReader;
import io.edgeagent.agent.sharing.SharingAnswer.Result;
import io.edgeagent.agent.sharing.SharingStore.StoredAnswer;
import io.edgeagent.agent.sharing.SharingStore.StoredOffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sharing rules in force for every machine: the file's, or with {@code sharing.managedBy: platform} the ones the
 * platform set last (kept in {@link SharingStore}), and the platform's {@code sharing get} and {@code set}.
 *
 * <p>Versions: every accepted {@code set} gets the next version of the agent, from 1 (0 is the file's rules); a
 * machine's version is that of the change that set its rules last. A {@code set} with {@code ifVersion} is carried
 * out only if that is still the current version of what it replaces: the machine's, or for all machines the agent's
 * (so that any change since the platform read them is a conflict).
 *
 * <p>Thread-safe: requests are serialised here, and readers (the state trackers, the control socket) see one
 * consistent map of machines.
 */
public final class SharingOffers {

    private static final Logger LOG = LoggerFactory.getLogger(SharingOffers.class);

    private final ZoneId zone;
    private final ManagedBy managedBy;
    private final String configFile;
    private final List<String> machineIds;
    private final SharingStore store;
    private final Clock clock;
    private volatile Map<String, InForce> inForce;
    private long version;

    /** One machine's rules with its maintenance as instants, which the state tracker asks about at every decision. */
    private record InForce(MachineOffer offer, MaintenancePlan maintenance) {
    }

    private SharingOffers(ZoneId zone, ManagedBy managedBy, String configFile, List<String> machineIds,
                          SharingStore store, Clock clock) {
        this.zone = zone;
        this.managedBy = managedBy;
        this.configFile = configFile;
        this.machineIds = List.copyOf(machineIds);
        this.store = store;
        this.clock = clock;
    }

    /**
     * The rules in force at start: the file's, and with {@code managedBy: platform} the platform's last ones over
     * them, machine by machine.
     *
     * @param configFile the config file as loaded, named as the origin of its rules
     */
    public static SharingOffers open(ZoneId zone, SharingConfig file, String configFile, List<String> machineIds,
                                     SharingStore store, Clock clock) {
        SharingOffers offers = new SharingOffers(zone, file.managedBy(), configFile, machineIds, store, clock);
        Map<String, MachineOffer> start = new LinkedHashMap<>();
        for (String id : machineIds) {
            start.put(id, fromFile(id, file, configFile));
        }
        if (file.managedBy() == ManagedBy.PLATFORM) {
            for (StoredOffer stored : store.offers()) {
                offers.version = Math.max(offers.version, stored.version());
                if (!start.containsKey(stored.machineId())) {
                    LOG.warn("{}: the platform's sharing rules (version {}) are for a machine no longer in the config;"
                            + " kept, not used", stored.machineId(), stored.version());
                    continue;
                }
                SharingRulesReader.Read read = SharingRulesReader.read(stored.rules(), machineIds);
                if (read.rules().isEmpty()) {
                    LOG.error("{}: the platform's sharing rules (version {}) no longer hold with this config ({});"
                            + " the file's rules are in force until the platform sets new ones", stored.machineId(),
                            stored.version(), String.join("; ", read.problems()));
                    continue;
                }
                start.put(stored.machineId(), offer(stored.machineId(), read.rules().get(),
                        new RuleOrigin.Platform(stored.version(), stored.setAt(), stored.requestId())));
            }
        }
        offers.put(start.values());
        return offers;
    }

    public ManagedBy managedBy() {
        return managedBy;
    }

    /** The agent's sharing version: that of the platform's last accepted change, 0 for none. */
    public synchronized long version() {
        return version;
    }

    /** Every machine's rules, in config order. */
    public List<MachineOffer> offers() {
        return inForce.values().stream().map(InForce::offer).toList();
    }

    public Optional<MachineOffer> offer(String machineId) {
        return Optional.ofNullable(inForce.get(machineId)).map(InForce::offer);
    }

    /** Why the machine is in planned maintenance at {@code t}, naming where the rule came from; empty if it is not. */
    public Optional<String> maintenanceAt(String machineId, Instant t) {
        InForce held = inForce.get(machineId);
        if (held == null) {
            return Optional.empty();
        }
        return held.maintenance().at(machineId, t).map(span -> "planned maintenance until " + span.end()
                + ruleAt(held.offer(), t).map(rule -> " (" + rule.from() + ")").orElse(""));
    }

    /** The maintenance rule that covers {@code t}; the first, where slots overlap. */
    private Optional<SharingRule> ruleAt(MachineOffer o, Instant t) {
        List<SharingRule> rules = o.rules().stream().filter(r -> r.kind().equals("maintenance")).toList();
        for (int i = 0; i < o.maintenance().size(); i++) {
            if (new MaintenancePlan(zone, List.of(o.maintenance().get(i))).at(o.machineId(), t).isPresent()) {
                return Optional.of(rules.get(i));
            }
        }
        return Optional.empty();
    }

    /** The answer to {@code sharing get}: the rules of one machine, or of all when {@code machineId} is null. */
    public synchronized SharingAnswer get(String requestId, String machineId) {
        if (machineId != null && !machineIds.contains(machineId)) {
            return new SharingAnswer(requestId, Result.REJECTED, unknown(machineId), List.of(), version, List.of(),
                    List.of());
        }
        return new SharingAnswer(requestId, Result.OK, null, List.of(), version, scope(machineId), List.of());
    }

    /**
     * Carries out {@code sharing set}: replaces the rules of one machine ({@code machineId}), or of all (null), with
     * {@code rules}, written as under {@code sharing:} in the file. An accepted change is kept durably before this
     * returns; the caller puts {@link SharingAnswer#changed()} in force in capacity ({@link #apply}). A repeated
     * request id gets its first answer again and changes nothing; one a reserve or release used is rejected.
     *
     * @param ifVersion the version the platform read, or null to replace whatever is there
     */
    public synchronized SharingAnswer set(String requestId, String machineId, Long ifVersion, String rules) {
        Optional<StoredAnswer> earlier = store.answer(requestId);
        if (earlier.isPresent()) {
            StoredAnswer a = earlier.get();
            if (!a.command().equals(SharingStore.COMMAND)) {
                // Not stored, as the capacity engine refuses a reused id: the id stays the other command's.
                return new SharingAnswer(requestId, Result.REJECTED, CommandAnswer.reusedId(requestId, a.command()),
                        List.of(), version, scope(machineId), List.of());
            }
            return new SharingAnswer(requestId, Result.valueOf(a.result().toUpperCase(Locale.ROOT)), a.reason(),
                    a.problems(), a.version(), scope(a.machineId()),
                    List.of());
        }
        if (managedBy == ManagedBy.FILE) {
            return refuse(requestId, machineId, Result.REJECTED, "sharing.managedBy is file in " + configFile
                    + ": the sharing rules are the file's; set sharing.managedBy: platform there to manage them from the"
                    + " platform", List.of());
        }
        if (machineId != null && !machineIds.contains(machineId)) {
            return refuse(requestId, machineId, Result.REJECTED, unknown(machineId), List.of());
        }
        long current = machineId == null ? version : inForce.get(machineId).offer().version();
        if (ifVersion != null && ifVersion != current) {
            return refuse(requestId, machineId, Result.CONFLICT, "ifVersion " + ifVersion + " is not the current version "
                    + current + " of the sharing rules of " + (machineId == null ? "this agent" : machineId)
                    + ": they changed since they were read; get them again", List.of());
        }
        SharingRulesReader.Read read = SharingRulesReader.read(rules, machineIds);
        List<String> problems = new ArrayList<>(read.problems());
        if (read.rules().isPresent() && machineId != null) {
            List<MaintenanceSlot> slots = read.rules().get().maintenance();
            for (int i = 0; i < slots.size(); i++) {
                if (!slots.get(i).machine().equals(machineId)) {
                    problems.add("sharing.maintenance[" + i + "].machine '" + slots.get(i).machine() + "' is not the"
                            + " machine this request sets (" + machineId + "): set all machines to plan another's");
                }
            }
        }
        if (!problems.isEmpty()) {
            return refuse(requestId, machineId, Result.REJECTED, problems.size() == 1 ? "the sharing rules have a"
                    + " problem: " + problems.get(0) : "the sharing rules have " + problems.size() + " problems, the"
                    + " first: " + problems.get(0), problems);
        }
        Instant at = clock.instant();
        long next = version + 1;
        RuleOrigin origin = new RuleOrigin.Platform(next, at, requestId);
        List<MachineOffer> changed = new ArrayList<>();
        for (String id : machineId == null ? machineIds : List.of(machineId)) {
            changed.add(offer(id, read.rules().get(), origin));
        }
        store.save(changed.stream().map(o -> new StoredOffer(o.machineId(), next, at, requestId, RulesJson.text(o)))
                .toList(), new StoredAnswer(requestId, machineId, "accepted", null, List.of(), next), at);
        version = next;
        Map<String, InForce> now = new LinkedHashMap<>(inForce);
        changed.forEach(o -> now.put(o.machineId(), held(o)));
        inForce = Collections.unmodifiableMap(now);
        LOG.info("{}: sharing rules version {} from the platform (request {})",
                machineId == null ? "all machines" : machineId, next, requestId);
        return new SharingAnswer(requestId, Result.ACCEPTED, null, List.of(), next, scope(machineId), changed);
    }

    /** Puts rules in force in capacity; called on the thread that owns the engine. */
    public void apply(CapacityEngine engine, List<MachineOffer> offers) {
        for (MachineOffer o : offers) {
            engine.offer(o.machineId(), new SharingCalendar(zone, o.weekly(), o.closed()),
                    new MaintenancePlan(zone, o.maintenance()).spans(o.machineId()),
                    Duration.ofMinutes(o.minWindowMinutes()));
        }
    }

    private SharingAnswer refuse(String requestId, String machineId, Result result, String reason, List<String> problems) {
        store.save(List.of(), new StoredAnswer(requestId, machineId, result.name().toLowerCase(Locale.ROOT), reason,
                problems, version), clock.instant());
        LOG.info("{}: sharing set {} {}: {}", machineId == null ? "all machines" : machineId, requestId,
                result.name().toLowerCase(Locale.ROOT), reason);
        return new SharingAnswer(requestId, result, reason, problems, version, scope(machineId), List.of());
    }

    /** The machine's rules; all machines' for null; none for a machine this agent does not have. */
    private List<MachineOffer> scope(String machineId) {
        return machineId == null ? offers() : offer(machineId).stream().toList();
    }

    private String unknown(String machineId) {
        return "unknown machine '" + machineId + "'; this agent has " + machineIds;
    }

    private void put(Iterable<MachineOffer> offers) {
        Map<String, InForce> map = new LinkedHashMap<>();
        offers.forEach(o -> map.put(o.machineId(), held(o)));
        inForce = Collections.unmodifiableMap(map);
    }

    private InForce held(MachineOffer o) {
        return new InForce(o, new MaintenancePlan(zone, o.maintenance()));
    }

    private static MachineOffer offer(String machineId, SharingConfig rules, RuleOrigin origin) {
        return new MachineOffer(machineId, rules.weekly(), rules.closed(), rules.minWindowMinutes(),
                rules.maintenance().stream().filter(s -> s.machine().equals(machineId)).toList(), origin);
    }

    private static MachineOffer fromFile(String machineId, SharingConfig file, String configFile) {
        List<MaintenanceSlot> slots = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < file.maintenance().size(); i++) {
            if (file.maintenance().get(i).machine().equals(machineId)) {
                slots.add(file.maintenance().get(i));
                lines.add(i < file.lines().maintenance().size() ? file.lines().maintenance().get(i) : 0);
            }
        }
        return new MachineOffer(machineId, file.weekly(), file.closed(), file.minWindowMinutes(), slots,
                new RuleOrigin.File(configFile, file.lines().weekly(), file.lines().closed(), file.lines().minWindow(),
                        lines));
    }
}
