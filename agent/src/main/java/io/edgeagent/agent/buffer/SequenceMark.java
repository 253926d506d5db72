package io.edgeagent.agent.buffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The sequence as last forced onto the device, kept beside the buffer file in {@code outbox.seq}: a second
 * witness, since a damaged H2 file can open without an error in an older state, and the numbers it lost would be
 * handed out again. Written after each sync, so what it says the file held, the file did hold.
 *
 * @param epoch the sequence's epoch
 * @param seq   the highest number the file held at the time
 */
record SequenceMark(long epoch, long seq) {

    static final String FILE_NAME = "outbox.seq";

    /** The mark in {@code dir}; empty when there is none or it cannot be read (a torn write is no witness). */
    static Optional<SequenceMark> read(Path dir) {
        try {
            String[] words = Files.readString(dir.resolve(FILE_NAME), StandardCharsets.US_ASCII).trim().split("\\s+");
            if (words.length == 4 && words[0].equals("epoch") && words[2].equals("seq")) {
                return Optional.of(new SequenceMark(Long.parseLong(words[1]), Long.parseLong(words[3])));
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Replaces the mark in {@code dir} whole (a rename), so a reader never sees half of it. */
    void write(Path dir) throws IOException {
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        Files.writeString(tmp, "epoch " + epoch + " seq " + seq + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
