package io.edgeagent.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The variables of an environment file as systemd's {@code EnvironmentFile=} reads them ({@code NAME=value} lines,
 * {@code #} and {@code ;} comments, quotes, a {@code \} at a line's end continuing it), so that {@code config
 * validate} resolves {@code ${env:NAME}} as the service will. A file that is not there holds nothing, as for the
 * unit's optional {@code EnvironmentFile=-...}; one that cannot be read, and lines systemd would skip, are warnings.
 *
 * <p>The values are often passwords: this class never prints them, and has no {@code toString} that would.
 */
public final class EnvironmentFile {

    /** The file the packaged service reads ({@code EnvironmentFile=} in install/systemd/edge-agent.service). */
    public static final Path SERVICE = Path.of("/etc/edge-agent/environment");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> values;
    private final List<ConfigProblem> problems;

    private EnvironmentFile(Map<String, String> values, List<ConfigProblem> problems) {
        this.values = Map.copyOf(values);
        this.problems = List.copyOf(problems);
    }

    /** The variables of {@code file}; none, without a problem, when there is no such file. */
    public static EnvironmentFile read(Path file) {
        String label = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new EnvironmentFile(Map.of(), List.of());
        } catch (AccessDeniedException e) {
            return unreadable(label, "permission denied (it is root's alone on a device): run with sudo to resolve"
                    + " ${env:NAME} as the service does");
        } catch (IOException e) {
            return unreadable(label, e.getClass().getSimpleName());
        }
        Map<String, String> values = new HashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int first = i + 1;
            StringBuilder line = new StringBuilder(lines[i]);
            while (line.toString().endsWith("\\") && i + 1 < lines.length) {
                line.setLength(line.length() - 1);
                line.append(lines[++i]);
            }
            assign(line.toString().strip(), label, first, values, problems);
        }
        return new EnvironmentFile(values, problems);
    }

    private static EnvironmentFile unreadable(String label, String why) {
        return new EnvironmentFile(Map.of(), List.of(new ConfigProblem(label, 0, 0, "cannot read this environment"
                + " file: " + why, ConfigProblem.Severity.WARNING)));
    }

    private static void assign(String line, String label, int number, Map<String, String> values,
                               List<ConfigProblem> problems) {
        if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
            return;
        }
        int equals = line.indexOf('=');
        String name = equals < 0 ? "" : line.substring(0, equals).strip();
        if (name.startsWith("export ")) {
            name = name.substring("export ".length()).strip();
        }
        if (equals < 0 || !NAME.matcher(name).matches()) {
            problems.add(new ConfigProblem(label, number, 1, "this line is not NAME=value with a NAME of letters,"
                    + " digits and '_', so the service ignores it", ConfigProblem.Severity.WARNING));
            return;
        }
        values.put(name, unquoted(line.substring(equals + 1).strip()));
    }

    private static String unquoted(String value) {
        if (value.length() >= 2 && value.charAt(0) == '\'' && value.endsWith("'")) {
            return value.substring(1, value.length() - 1);
        }
        if (value.length() >= 2 && value.charAt(0) == '"' && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replaceAll("\\\\([\"\\\\$`])", "$1");
        }
        return value;
    }

    /** Looks a name up here first, then in {@code process}: the file's value is the one the service gets. */
    public Function<String, String> over(Function<String, String> process) {
        return name -> values.containsKey(name) ? values.get(name) : process.apply(name);
    }

    /** What was wrong with the file: warnings, each naming the file (and a line, where there is one). */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
