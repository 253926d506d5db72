package io.edgeagent.agent.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk as an episode (issue 14, defect 4): an outbox on a real 8 MB tmpfs, in a child process with a mount
 * namespace of its own ({@code unshare -rm}, no root needed where user namespaces are enabled). The disk fills
 * while messages arrive: one line says so, {@code stats} says so, no H2 trace file grows; space returns: the buffer
 * writes again by itself, with one line, and every message it held reaches the file.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OutboxDiskFullTest {

    @TempDir
    Path dir;

    @Test
    void aFullDiskIsOneEpisodeAndTheBufferRecoversByItselfWhenSpaceReturns() throws Exception {
        assumeTrue(canMountTmpfs(), "needs unshare -rm and tmpfs mounts in a user namespace (Linux)");
        Path log = dir.resolve("child.log");
        Path mount = Files.createDirectory(dir.resolve("small-disk"));
        Process child = new ProcessBuilder("unshare", "-rm", "sh", "-c",
                "mount -t tmpfs -o size=8m tmpfs \"$1\" && exec \"$2\" -cp \"$3\" " + DiskFullChild.class.getName() + " \"$1\"",
                "sh", mount.toString(), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("java.class.path"))
                .redirectError(log.toFile())
                .start();
        try (PrintWriter to = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
             BufferedReader from = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            ask(to, from, "append 100", "appended 100");
            ask(to, from, "await", "committed true");
            assertTrue(ask(to, from, "fill", "filled").length() > "filled ".length());

            ask(to, from, "append 300", "appended 400");
            ask(to, from, "failing", "failing true");
            String failing = ask(to, from, "stats", "stats");
            assertTrue(failing.contains("failure the disk is full"), "status says why: " + failing);
            assertTrue(failing.matches(".* held [1-9][0-9]* .*"), "status says what is held in memory: " + failing);

            ask(to, from, "free", "freed");
            ask(to, from, "writing", "writing true");
            ask(to, from, "await", "committed true");
            assertEquals("stats waiting 400 held 0 dropped 0 failure -", ask(to, from, "stats", "stats"),
                    "every message accepted during the episode reached the file");
        } finally {
            child.destroy();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(1, lines.stream().filter(l -> l.contains("buffer cannot write")).count(), "one line in: " + lines);
        assertEquals(1, lines.stream().filter(l -> l.contains("buffer writes again")).count(), "one line out: " + lines);
    }

    private static String ask(PrintWriter to, BufferedReader from, String command, String expected) throws IOException {
        to.println(command);
        String answer = from.readLine();
        assertTrue(answer != null && answer.startsWith(expected), command + " answered: " + answer);
        return answer;
    }

    private static boolean canMountTmpfs() {
        try {
            Process p = new ProcessBuilder("unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /tmp")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
