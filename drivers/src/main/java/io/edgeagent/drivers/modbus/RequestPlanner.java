package io.edgeagent.drivers.modbus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Coalesces a device's signals into the fewest reads: per area, in address order, a signal joins the read before it
 * when the unused addresses between them are at most {@code maxGap} and the read stays within the protocol's limit
 * (125 registers, 2000 bits). Areas are never mixed.
 *
 * <p>It also remembers what the device refused. A <em>cut</em> at an address means no read may contain signals
 * starting on both sides of it; an <em>isolated</em> signal is always read on its own. Both are learnt when a
 * coalesced read gets an exception response, and forgotten when the device is lost, since it may come back with
 * another register map. Used by the device's polls, one at a time.
 */
final class RequestPlanner {

    private final List<ModbusSignal> signals;
    private final int maxGap;
    private final Map<RegisterArea, NavigableSet<Integer>> cuts = new EnumMap<>(RegisterArea.class);
    private final Set<String> isolated = new HashSet<>();
    private List<ReadRequest> plan;

    RequestPlanner(Collection<ModbusSignal> signals, int maxGap) {
        this.signals = List.copyOf(signals);
        this.maxGap = maxGap;
    }

    /** The reads for one poll, in area and address order. */
    List<ReadRequest> plan() {
        if (plan == null) {
            plan = coalesce(signals, maxGap, cuts, isolated);
        }
        return plan;
    }

    /** From now on a new read starts at this address. */
    void cut(RegisterArea area, int address) {
        if (cuts.computeIfAbsent(area, a -> new TreeSet<>()).add(address)) {
            plan = null;
        }
    }

    /** From now on this signal is read on its own. */
    void isolate(ModbusSignal signal) {
        if (isolated.add(signal.name())) {
            plan = null;
        }
    }

    /** Drops what was learnt from exception responses. */
    void forget() {
        if (!cuts.isEmpty() || !isolated.isEmpty()) {
            cuts.clear();
            isolated.clear();
            plan = null;
        }
    }

    static List<ReadRequest> coalesce(Collection<ModbusSignal> signals, int maxGap,
                                      Map<RegisterArea, NavigableSet<Integer>> cuts, Set<String> isolated) {
        List<ReadRequest> requests = new ArrayList<>();
        for (RegisterArea area : RegisterArea.values()) {
            NavigableSet<Integer> areaCuts = cuts.getOrDefault(area, new TreeSet<>());
            List<ModbusSignal> inArea = signals.stream()
                    .filter(s -> s.area() == area)
                    .sorted(Comparator.comparingInt(ModbusSignal::address))
                    .toList();
            List<ModbusSignal> group = new ArrayList<>();
            int start = 0;
            int end = 0;
            for (ModbusSignal signal : inArea) {
                if (isolated.contains(signal.name())) {
                    requests.add(ReadRequest.covering(area, List.of(signal)));
                    continue;
                }
                int signalEnd = ReadRequest.end(signal);
                boolean joins = !group.isEmpty()
                        && signal.address() - end <= maxGap
                        && Math.max(end, signalEnd) - start <= Pdu.maxCount(area)
                        && !cutBetween(areaCuts, start, signal.address());
                if (!joins) {
                    if (!group.isEmpty()) {
                        requests.add(ReadRequest.covering(area, group));
                    }
                    group = new ArrayList<>();
                    start = signal.address();
                    end = signalEnd;
                }
                group.add(signal);
                end = Math.max(end, signalEnd);
            }
            if (!group.isEmpty()) {
                requests.add(ReadRequest.covering(area, group));
            }
        }
        requests.sort(Comparator.comparing(ReadRequest::area).thenComparingInt(ReadRequest::address));
        return List.copyOf(requests);
    }

    private static boolean cutBetween(NavigableSet<Integer> cuts, int groupStart, int address) {
        Integer next = cuts.higher(groupStart);
        return next != null && next <= address;
    }
}
