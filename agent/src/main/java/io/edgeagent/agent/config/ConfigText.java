package io.edgeagent.agent.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * The file's bytes as text for the YAML reader, or where they stop being text: a byte that is not UTF-8, or
 * a control character. SnakeYAML names a control character by its offset in the file alone, and a decoder
 * not even that, so both are found here, with line and column. The YAML reader then reads each control character
 * as a space, so that the rest of the file is checked in the same run.
 */
final class ConfigText {

    private static final char BYTE_ORDER_MARK = '\uFEFF';
    /** A few pasted from a terminal are each reported; more are a file that is not text a person wrote. */
    static final int MAX_CONTROL_CHARACTERS = 10;

    private ConfigText() {
    }

    static Optional<String> decode(byte[] bytes, Problems problems) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        out.flip();
        if (result.isError()) {
            Position at = Position.of(out, out.length());
            problems.at(at.line(), at.column(), String.format(Locale.ROOT, "the byte 0x%02X here is not UTF-8 text: the file was"
                    + " probably saved as GBK, Big5 or Windows-1252; save it as UTF-8 in the editor",
                    bytes[in.position()] & 0xFF));
            return Optional.empty();
        }
        String text = out.length() > 0 && out.charAt(0) == BYTE_ORDER_MARK ? out.subSequence(1, out.length()).toString()
                : out.toString();
        StringBuilder readable = new StringBuilder(text);
        int found = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            int c = text.codePointAt(i);
            if (!StreamReader.isPrintable(c)) {
                if (++found > MAX_CONTROL_CHARACTERS) {
                    problems.atFile("more than " + MAX_CONTROL_CHARACTERS + " control characters: this does not look"
                            + " like a YAML file written in an editor; check that it is the agent's config");
                    return Optional.empty();
                }
                Position at = Position.of(text, i);
                problems.at(at.line(), at.column(), String.format(Locale.ROOT, "the control character U+%04X here is not"
                        + " allowed in YAML: delete it (most editors do not show it; it often comes with text"
                        + " copied from a terminal or a PDF)", c));
                // Read on as if it were a space, so that the rest of the file is checked too.
                readable.replace(i, i + Character.charCount(c), " ".repeat(Character.charCount(c)));
            }
        }
        return Optional.of(readable.toString());
    }

    /** 1-based line and column, the column in characters as a person counts them. */
    private record Position(int line, int column) {

        static Position of(CharSequence text, int index) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < index; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return new Position(line, Character.codePointCount(text, lineStart, index) + 1);
        }
    }
}
