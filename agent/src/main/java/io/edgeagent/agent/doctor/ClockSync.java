package io.edgeagent.agent.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether the system clock is synchronised, as systemd's timedated says (it covers timesyncd, chrony and
 * ntpd alike, from the kernel's own flag). Without systemd, or when it does not answer in time, the answer
 * is unknown rather than a guess. Wrong clocks cost engineers hours: every timestamp in the feed is wrong.
 * {@code edge-agent status} shows it too.
 */
public final class ClockSync {

    public static final List<String> TIMEDATECTL = List.of("timedatectl", "show", "-p", "NTPSynchronized", "--value");
    private static final Duration WAIT = Duration.ofSeconds(2);

    private final List<String> command;

    public ClockSync(List<String> command) {
        this.command = List.copyOf(command);
    }

    /** True when synchronised, false when not, empty when it cannot tell. */
    public Optional<Boolean> synchronised() {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return Optional.empty();
        }
        try (InputStream out = p.getInputStream()) {
            if (!p.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                return Optional.empty();
            }
            String answer = new String(out.readAllBytes(), StandardCharsets.US_ASCII).trim();
            return answer.equals("yes") ? Optional.of(true) : answer.equals("no") ? Optional.of(false) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            p.destroyForcibly();
        }
    }
}
