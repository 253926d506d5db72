package io.edgeagent.drivers.modbus;

import java.util.List;
import java.util.Objects;

/**
 * Text that names something by a word this driver does not know, e.g. the area of {@code holdings:0} or the type
 * {@code unit32}. It carries the word and the words the driver knows there, so that a caller can suggest the
 * closest one.
 */
public final class UnknownWordException extends IllegalArgumentException {

    private final String word;
    private final List<String> known;

    /**
     * @param message what is wrong, naming the text and the word
     * @param word    the unknown word, as written
     * @param known   the words allowed where it stands
     */
    public UnknownWordException(String message, String word, List<String> known) {
        super(message);
        this.word = Objects.requireNonNull(word, "word");
        this.known = List.copyOf(known);
    }

    public String word() {
        return word;
    }

    public List<String> known() {
        return known;
    }
}
