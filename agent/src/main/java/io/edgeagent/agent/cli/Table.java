package io.edgeagent.agent.cli;

import io.edgeagent.agent.text.HumanText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.IStyle;
import picocli.CommandLine.Help.Ansi.Style;

/**
 * Aligned columns for a terminal. Widths come from the plain text, colour is added afterwards, so the columns
 * stay aligned with colour on and the output is plain text when it is off (piped, or not a terminal).
 */
final class Table {

    private final Ansi ansi;
    private final List<List<Cell>> rows = new ArrayList<>();

    Table(Ansi ansi, String... headers) {
        this.ansi = ansi;
        List<Cell> header = new ArrayList<>();
        for (String h : headers) {
            header.add(new Cell(h, List.of(Style.bold)));
        }
        rows.add(header);
    }

    /** A row; each cell is a {@link Cell} or any object, written with {@code toString()}. */
    Table row(Object... cells) {
        List<Cell> row = new ArrayList<>();
        for (Object c : cells) {
            row.add(c instanceof Cell cell ? cell : new Cell(String.valueOf(c), List.of()));
        }
        rows.add(row);
        return this;
    }

    void print(PrintWriter out, String indent) {
        List<Integer> widths = new ArrayList<>();
        for (List<Cell> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                int w = HumanText.width(row.get(i).text());
                if (i == widths.size()) {
                    widths.add(w);
                } else {
                    widths.set(i, Math.max(widths.get(i), w));
                }
            }
        }
        for (List<Cell> row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < row.size(); i++) {
                Cell c = row.get(i);
                line.append(paint(ansi, c.text(), c.styles().toArray(IStyle[]::new)));
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths.get(i) - HumanText.width(c.text()) + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    static Cell cell(String text, IStyle... styles) {
        return new Cell(text, List.of(styles));
    }

    /** A machine state in the colour an engineer expects: running green, idle yellow, down and offline red. */
    static Cell state(String state) {
        return cell(state == null ? "-" : state, stateStyles(state));
    }

    static IStyle[] stateStyles(String state) {
        return switch (state == null ? "-" : state) {
            case "RUNNING" -> new IStyle[] {Style.fg_green};
            case "IDLE" -> new IStyle[] {Style.fg_yellow};
            case "SETUP", "MAINTENANCE" -> new IStyle[] {Style.fg_cyan};
            case "DOWN" -> new IStyle[] {Style.fg_red, Style.bold};
            case "OFFLINE" -> new IStyle[] {Style.fg_red};
            default -> new IStyle[0];
        };
    }

    static String paint(Ansi ansi, String text, IStyle... styles) {
        if (styles.length == 0 || !ansi.enabled()) {
            return text;
        }
        // A full reset, not each style's own off code: bold's (21) means double underline on some terminals.
        return Style.on(styles) + text + Style.reset.on();
    }

    record Cell(String text, List<IStyle> styles) {
    }
}
