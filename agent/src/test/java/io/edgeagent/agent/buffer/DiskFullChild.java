package io.edgeagent.agent.buffer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A child process for {@link OutboxDiskFullTest}: an outbox on a small file system of its own, driven by commands
 * on standard input (append, fill, free, stats, await), each answered with one line on standard output.
 */
public final class DiskFullChild {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private DiskFullChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path filler = dir.resolve("filler");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Outbox outbox = Outbox.open(dir.resolve("buffer"), 64L * 1024 * 1024, Clock.systemUTC())) {
            long last = 0;
            for (String line; (line = in.readLine()) != null; ) {
                String[] words = line.split(" ");
                switch (words[0]) {
                    case "append" -> {
                        for (int i = 0; i < Integer.parseInt(words[1]); i++) {
                            MessageClass cls = i % 10 == 0 ? MessageClass.EVENT : MessageClass.TELEMETRY;
                            last = outbox.append(cls, "t/" + cls, 1, false, s -> ("{\"seq\":" + s + "}").getBytes(StandardCharsets.UTF_8));
                        }
                        reply("appended " + last);
                    }
                    case "fill" -> reply("filled " + fill(filler));
                    case "free" -> {
                        Files.delete(filler);
                        reply("freed");
                    }
                    case "await" -> reply("committed " + outbox.awaitCommitted(last - 1, WAIT));
                    case "failing" -> reply("failing " + outbox.awaitWriteFailure(true, WAIT));
                    case "writing" -> reply("writing " + outbox.awaitWriteFailure(false, WAIT));
                    case "stats" -> {
                        OutboxStats s = outbox.stats();
                        int waiting = outbox.next(MessageClass.EVENT, 0, 100_000).size()
                                + outbox.next(MessageClass.TELEMETRY, 0, 100_000).size();
                        reply("stats waiting " + waiting + " held " + s.held() + " dropped "
                                + (s.droppedEvents() + s.droppedTelemetry()) + " failure " + s.writeFailure().orElse("-"));
                    }
                    default -> reply("unknown " + line);
                }
            }
        }
    }

    /** Writes until the file system is full; returns how many bytes it took. */
    private static long fill(Path filler) throws IOException {
        byte[] block = new byte[64 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
            return written;
        }
    }

    private static void reply(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
