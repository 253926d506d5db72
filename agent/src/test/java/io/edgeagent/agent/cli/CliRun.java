package io.edgeagent.agent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * One run of {@code edge-agent} in-process, as a script sees it.
 *
 * @param exit the exit code
 * @param out  everything printed to standard output
 * @param err  everything printed to standard error
 */
record CliRun(int exit, String out, String err) {

    /** Runs the command line with these arguments, without colour, as when its output goes to a pipe. */
    static CliRun run(String... args) {
        return run(Ansi.OFF, args);
    }

    /** Runs the command line with these arguments; {@link Ansi#ON} colours as on a terminal. */
    static CliRun run(Ansi ansi, String... args) {
        // English whatever this machine's LANG: the goldens are the English texts.
        return run(Map.of(), ansi, args);
    }

    /** Runs the command line as a technician whose terminal is set to {@code LANG=zh_CN.UTF-8}. */
    static CliRun inChinese(String... args) {
        return run(Map.of("LANG", "zh_CN.UTF-8"), Ansi.OFF, args);
    }

    private static CliRun run(Map<String, String> environment, Ansi ansi, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(environment);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(ansi));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
