package io.edgeagent.agent.controlsocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads UTF-8 lines ending in {@code \n}, none longer than a limit, so a peer cannot make us buffer without end. */
final class LineReader {

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int end;

    LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The next line without its end, or {@code null} at end of stream; a last line without {@code \n} counts. */
    String next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            if (pos == end) {
                end = in.read(buffer);
                pos = 0;
                if (end < 0) {
                    end = 0;
                    return line.size() == 0 ? null : text(line);
                }
            }
            int start = pos;
            while (pos < end && buffer[pos] != '\n') {
                pos++;
            }
            line.write(buffer, start, pos - start);
            if (line.size() > maxBytes) {
                throw new LineTooLongException(maxBytes);
            }
            if (pos < end) {
                pos++;
                return text(line);
            }
        }
    }

    private static String text(ByteArrayOutputStream line) {
        return line.toString(StandardCharsets.UTF_8);
    }

    /** A line longer than the reader allows. */
    static final class LineTooLongException extends IOException {

        LineTooLongException(int maxBytes) {
            super("line longer than " + maxBytes + " bytes");
        }
    }
}
