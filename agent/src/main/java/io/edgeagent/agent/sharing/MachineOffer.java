package io.edgeagent.agent.sharing;

import io.edgeagent.agent.config.MaintenanceSlot;
import io.edgeagent.agent.config.WeeklySlot;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The sharing rules in force for one machine, and where they came from.
 *
 * @param machineId        the machine
 * @param weekly           the weekly hours in which it is offered when idle
 * @param closed           whole days it is not offered
 * @param minWindowMinutes shorter windows are not offered
 * @param maintenance      its planned maintenance
 * @param origin           the file (with the line of each rule) or the platform's version
 */
public record MachineOffer(String machineId, List<WeeklySlot> weekly, List<LocalDate> closed, int minWindowMinutes,
        List<MaintenanceSlot> maintenance, RuleOrigin origin) {

    public MachineOffer {
        Objects.requireNonNull(machineId, "machineId");
        weekly = List.copyOf(weekly);
        closed = List.copyOf(closed);
        maintenance = List.copyOf(maintenance);
        Objects.requireNonNull(origin, "origin");
    }

    /** Each rule in words with where it came from: weekly slots, closed days, the minimum window, maintenance. */
    public List<SharingRule> rules() {
        List<SharingRule> rules = new ArrayList<>();
        for (int i = 0; i < weekly.size(); i++) {
            rules.add(new SharingRule("weekly", RulesJson.words(weekly.get(i)), from(i, RuleOrigin.File::weeklyLines)));
        }
        for (int i = 0; i < closed.size(); i++) {
            rules.add(new SharingRule("closed", closed.get(i).toString(), from(i, RuleOrigin.File::closedLines)));
        }
        rules.add(new SharingRule("minWindow", minWindowMinutes + " min", origin instanceof RuleOrigin.File f
                ? at(f, f.minWindowLine()) : from(0, null)));
        for (int i = 0; i < maintenance.size(); i++) {
            rules.add(new SharingRule("maintenance", maintenance.get(i).from() + " .. " + maintenance.get(i).to(),
                    from(i, RuleOrigin.File::maintenanceLines)));
        }
        return rules;
    }

    private String from(int index, Function<RuleOrigin.File, List<Integer>> lines) {
        if (origin instanceof RuleOrigin.File f) {
            return at(f, index < lines.apply(f).size() ? lines.apply(f).get(index) : 0);
        }
        RuleOrigin.Platform p = (RuleOrigin.Platform) origin;
        return "platform version " + p.version() + ", set " + p.setAt();
    }

    /** A rule the file does not write is the default (the minimum window); a line unknown names the file. */
    private static String at(RuleOrigin.File f, int line) {
        return line > 0 ? f.file() + ":" + line : "default";
    }

    /** The version of the platform's change that set these rules; 0 for the file's. */
    public long version() {
        return origin instanceof RuleOrigin.Platform p ? p.version() : 0;
    }
}
