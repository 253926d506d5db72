package io.edgeagent.agent.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * Hands SnakeYAML's parser events to its composer and stops the file at the first limit it breaks, saying
 * where. The composer builds nested sections by recursion (a file nested 10,000 deep overflowed the stack),
 * and an alias stands for its whole section wherever it is used, so that a few lines can make the binders
 * walk millions of values, or walk for ever when the alias is used inside its own section.
 *
 * <p>Every limit is far above what a config needs, so that only a broken or hostile file meets one.
 */
final class LimitedParser implements Parser {

    // The deepest place of the contract is a condition inside all/any of a state rule, 7 levels down;
    // 64 leaves room for nested all/any and free-form capability sections, and keeps the composer's and
    // the binders' recursion far from the 512 kB thread stack the device runs with.
    static final int MAX_DEPTH = 64;
    // The longest text a setting takes is a node id or a browse path, a few hundred characters; a longer
    // value is a quote closed in the wrong place, or not a config at all.
    static final int MAX_SCALAR_CHARS = 64 * 1024;
    // Aliases let identical machines share one signal list: one per machine of a large gateway.
    static final int MAX_ALIASES = 100;
    // Keys, values and list items, an alias counting as all it stands for. full-reference.yaml has 494, a
    // machine of demo.yaml about 75, a Modbus machine of 30 registers about 130 (200 with a type on each):
    // 100,000 admits a plant of 500 such machines (issue 17), which 50,000 refused. A file written as configs are
    // reaches the 1 MB limit first; this one bounds files dense with tiny values (a flow list of numbers), whose
    // nodes take the most heap per byte: measured, one at the limit is checked within a 40 MB heap (at 150,000,
    // 64 MB: the device's whole heap, which may be running the last good config while it checks a new one).
    static final int MAX_VALUES = 100_000;

    private final Parser events;
    private final Deque<Open> open = new ArrayDeque<>();
    private final Map<Anchor, Integer> sizes = new HashMap<>();
    private int values;
    private int aliases;

    LimitedParser(Parser events) {
        this.events = events;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        return events.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
        return events.peekEvent();
    }

    @Override
    public boolean hasNext() {
        return events.hasNext();
    }

    @Override
    public Event next() {
        Event event = events.next();
        if (event instanceof ScalarEvent scalar) {
            scalar(scalar);
        } else if (event instanceof CollectionStartEvent start) {
            start(start);
        } else if (event instanceof CollectionEndEvent) {
            end();
        } else if (event instanceof AliasEvent alias) {
            alias(alias);
        }
        return event;
    }

    private void scalar(ScalarEvent scalar) {
        if (scalar.getValue().length() > MAX_SCALAR_CHARS) {
            throw new Breach(scalar, "this value is longer than " + MAX_SCALAR_CHARS + " characters, which no"
                    + " setting needs: check for a quote closed in the wrong place");
        }
        count(scalar, 1);
        scalar.getAnchor().ifPresent(anchor -> sizes.put(anchor, 1));
    }

    private void start(CollectionStartEvent start) {
        if (open.size() == MAX_DEPTH) {
            throw new Breach(start, "this is nested more than " + MAX_DEPTH + " levels deep, where a config needs"
                    + " fewer than 10: check the brackets [ ] and { } and the indentation");
        }
        count(start, 1);
        open.push(new Open(start.getAnchor(), start.getStartMark(), values));
    }

    private void end() {
        Open section = open.pop();
        section.anchor().ifPresent(anchor -> sizes.put(anchor, values - section.valuesBefore()));
    }

    private void alias(AliasEvent alias) {
        Anchor anchor = alias.getAlias();
        String name = anchor.getValue();
        for (Open section : open) {
            if (section.anchor().filter(anchor::equals).isPresent()) {
                String line = section.start().map(m -> " on line " + (m.getLine() + 1)).orElse("");
                throw new Breach(alias, "*" + name + " is used inside the section &" + name + line + " it stands"
                        + " for, which would repeat it for ever: write the values out instead");
            }
        }
        aliases++;
        if (aliases > MAX_ALIASES) {
            throw new Breach(alias, "the file uses more than " + MAX_ALIASES + " aliases (*name):"
                    + " write some of the values out instead");
        }
        // An alias to an anchor never seen is the composer's to report, with its own words.
        count(alias, sizes.getOrDefault(anchor, 1));
    }

    private void count(NodeEvent event, int more) {
        values += more;
        if (values > MAX_VALUES) {
            throw new Breach(event, "the file has more than " + MAX_VALUES + " keys, values and list items"
                    + " (an alias counting as all it stands for); a machine takes about 75, so this is more than"
                    + " one gateway should read: split the machines over several gateways, each with its own"
                    + " agent.id");
        }
    }

    /** A section still open, with the values counted before it began. */
    private record Open(Optional<Anchor> anchor, Optional<Mark> start, int valuesBefore) {
    }

    /** The limit the file broke, where it broke it. */
    static final class Breach extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient Mark where;

        private Breach(Event event, String message) {
            super(message, null, false, false);
            this.where = event.getStartMark().orElse(null);
        }

        Mark where() {
            return where;
        }
    }
}
