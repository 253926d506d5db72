package io.edgeagent.agent.config;

import io.edgeagent.agent.config.SharingConfig.ManagedBy;
import io.edgeagent.agent.config.SharingConfig.SharingLines;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds {@code sharing:}: the weekly calendar, closed days, planned maintenance, window limits and who manages them;
 * and the same rules when the platform sends them ({@link SharingRulesReader}).
 */
final class SharingBinder {

    static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");
    private static final Pattern TIME = Pattern.compile("([01]?\\d|2[0-3]):([0-5]\\d)");
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?");
    private static final String END_OF_DAY = "24:00";

    private SharingBinder() {
    }

    /** {@code machineIds}: the machines of the file, which maintenance slots must name. */
    static Optional<SharingConfig> bind(YamlValue value, List<String> machineIds) {
        return value.map("calendar", "minWindowMinutes", "horizonDays", "maintenance", "managedBy")
                .flatMap(map -> bind(map, machineIds));
    }

    /**
     * The rules the platform may set ({@code calendar}, {@code minWindowMinutes}, {@code maintenance}), read with the
     * file's rules and words; how far ahead to forecast and who manages the rules stay with the file.
     */
    static Optional<SharingConfig> bindRules(YamlValue value, List<String> machineIds) {
        return value.map("calendar", "minWindowMinutes", "maintenance").flatMap(map -> bind(map, machineIds));
    }

    private static Optional<SharingConfig> bind(YamlMap map, List<String> machineIds) {
        Problems problems = map.context().problems();
        int before = problems.count();
        Optional<YamlMap> calendar = map.get("calendar").flatMap(v -> v.map("weekly", "closed"));
        Optional<List<WeeklySlot>> weekly = calendar
                .map(c -> c.read("weekly", v -> v.listOf(SharingBinder::weeklySlot), List.<WeeklySlot>of()))
                .orElse(Optional.of(List.of()));
        Optional<List<LocalDate>> closed = calendar
                .map(c -> c.read("closed", v -> v.listOf(SharingBinder::date), List.<LocalDate>of()))
                .orElse(Optional.of(List.of()));
        Optional<Integer> minWindow = map.read("minWindowMinutes", v -> v.wholeInt(1, 1440, "minutes"),
                SharingConfig.DEFAULT_MIN_WINDOW_MINUTES);
        Optional<Integer> horizon = map.read("horizonDays", v -> v.wholeInt(1, 60, "days"),
                SharingConfig.DEFAULT_HORIZON_DAYS);
        Optional<List<MaintenanceSlot>> maintenance = map.read("maintenance",
                v -> v.listOf(item -> maintenanceSlot(item, machineIds)), List.of());
        Optional<ManagedBy> managedBy = map.read("managedBy",
                v -> v.oneOf(List.of(ManagedBy.values()), m -> m.name().toLowerCase(Locale.ROOT)), ManagedBy.FILE);
        return problems.ifNoneSince(before, () -> new SharingConfig(weekly.orElseThrow(), closed.orElseThrow(),
                minWindow.orElseThrow(), horizon.orElseThrow(), maintenance.orElseThrow(), managedBy.orElseThrow(),
                lines(map, calendar)));
    }

    /** Where each rule is written; read once the rules are known to be well-formed lists. */
    private static SharingLines lines(YamlMap map, Optional<YamlMap> calendar) {
        return new SharingLines(itemLines(calendar.flatMap(c -> c.get("weekly"))),
                itemLines(calendar.flatMap(c -> c.get("closed"))),
                map.get("minWindowMinutes").map(YamlValue::line).orElse(0), itemLines(map.get("maintenance")));
    }

    private static List<Integer> itemLines(Optional<YamlValue> list) {
        return list.flatMap(YamlValue::list).map(items -> items.stream().map(YamlValue::line).toList())
                .orElse(List.of());
    }

    private static Optional<WeeklySlot> weeklySlot(YamlValue value) {
        return value.map("days", "from", "to").flatMap(map -> {
            Problems problems = map.context().problems();
            int before = problems.count();
            Optional<Set<DayOfWeek>> days = map.require("days", "the days it applies to, e.g. days: [MON, TUE]")
                    .flatMap(SharingBinder::days);
            Optional<LocalTime> from = map.require("from", "the start, e.g. from: \"08:00\"")
                    .flatMap(v -> time(v, false));
            Optional<YamlValue> toValue = map.require("to",
                    "the end, e.g. to: \"20:00\" (\"24:00\" for midnight, earlier than from for the next morning)");
            Optional<LocalTime> to = toValue.flatMap(v -> time(v, true));
            // An earlier 'to' is an overnight slot; an equal one could mean nothing or the whole day, so ask.
            if (from.isPresent() && to.isPresent() && from.get().equals(to.get())) {
                toValue.orElseThrow().problem(map.path() + " is a slot of zero length: it starts and ends at "
                        + from.get() + "; for a whole day write from \"00:00\" to \"24:00\"");
            }
            return problems.ifNoneSince(before,
                    () -> new WeeklySlot(days.orElseThrow(), from.orElseThrow(), to.orElseThrow()));
        });
    }

    private static Optional<Set<DayOfWeek>> days(YamlValue value) {
        return value.nonEmptyListOf("day (MON, TUE, WED, THU, FRI, SAT or SUN)", day -> day.oneOf(DAYS))
                .map(names -> {
                    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
                    names.forEach(name -> days.add(DayOfWeek.of(DAYS.indexOf(name) + 1)));
                    return days;
                });
    }

    private static Optional<LocalTime> time(YamlValue value, boolean endOfDayAllowed) {
        return value.text().flatMap(text -> {
            if (endOfDayAllowed && text.equals(END_OF_DAY)) {
                return Optional.of(LocalTime.MAX);
            }
            Matcher matcher = TIME.matcher(text);
            if (matcher.matches()) {
                return Optional.of(LocalTime.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))));
            }
            value.problem(value.path() + " '" + text + "' is not a time of day: write HH:MM from 00:00 to 23:59"
                    + (endOfDayAllowed ? " (or 24:00 for the end of the day)" : "") + ", e.g. \"08:00\"");
            return Optional.empty();
        });
    }

    private static Optional<LocalDate> date(YamlValue value) {
        return value.text().flatMap(text -> {
            try {
                return Optional.of(LocalDate.parse(text));
            } catch (DateTimeParseException e) {
                value.problem(value.path() + " '" + text + "' is not a date: write YYYY-MM-DD, e.g. 2026-10-01");
                return Optional.empty();
            }
        });
    }

    private static Optional<MaintenanceSlot> maintenanceSlot(YamlValue value, List<String> machineIds) {
        return value.map("machine", "from", "to").flatMap(map -> {
            Problems problems = map.context().problems();
            int before = problems.count();
            Optional<String> machine = map.require("machine", "the id of the machine, e.g. machine: imm-07")
                    .flatMap(v -> machineId(v, machineIds));
            Optional<LocalDateTime> from = map.require("from", "the start, e.g. from: 2026-12-01T08:00")
                    .flatMap(SharingBinder::dateTime);
            Optional<YamlValue> toValue = map.require("to", "the end, e.g. to: 2026-12-01T12:00");
            Optional<LocalDateTime> to = toValue.flatMap(SharingBinder::dateTime);
            if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
                toValue.orElseThrow().problem(map.path() + " ends at " + to.get() + ", not after it starts at "
                        + from.get() + ": 'to' must be later than 'from'");
            }
            return problems.ifNoneSince(before,
                    () -> new MaintenanceSlot(machine.orElseThrow(), from.orElseThrow(), to.orElseThrow()));
        });
    }

    private static Optional<String> machineId(YamlValue value, List<String> machineIds) {
        return value.text().filter(id -> {
            if (machineIds.contains(id)) {
                return true;
            }
            value.problem(value.path() + " '" + id + "' is not a configured machine: the machines are "
                    + (machineIds.isEmpty() ? "none" : String.join(", ", machineIds))
                    + DidYouMean.closest(id, machineIds).map(s -> "; did you mean '" + s + "'?").orElse(""));
            return false;
        });
    }

    private static Optional<LocalDateTime> dateTime(YamlValue value) {
        return value.text().flatMap(text -> {
            if (DATE_TIME.matcher(text).matches()) {
                try {
                    return Optional.of(LocalDateTime.parse(text));
                } catch (DateTimeParseException e) {
                    // Well-formed but impossible (2026-02-30T08:00): the same advice applies.
                }
            }
            value.problem(value.path() + " '" + text + "' is not a date and time: write YYYY-MM-DDTHH:MM,"
                    + " e.g. 2026-12-01T08:00");
            return Optional.empty();
        });
    }
}
