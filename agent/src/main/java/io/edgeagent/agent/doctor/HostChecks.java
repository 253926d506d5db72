package io.edgeagent.agent.doctor;

import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.text.HumanText;
import io.edgeagent.drivers.net.PemFileException;
import io.edgeagent.drivers.net.PemFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Doctor's checks of this device that need no running agent: data dir, disk, quarantined files, clock, certificate. */
final class HostChecks {

    static final long MIN_FREE_BYTES = 200L * 1024 * 1024;
    static final double MIN_FREE_SHARE = 0.10;
    static final Duration CERTIFICATE_WARNING = Duration.ofDays(30);

    private final AgentConfig config;
    private final Instant now;

    HostChecks(AgentConfig config, Instant now) {
        this.config = config;
        this.now = now;
    }

    List<Finding> run(ClockSync clock) {
        List<Finding> findings = new ArrayList<>();
        findings.add(dataDir());
        disk().ifPresent(findings::add);
        findings.addAll(quarantined());
        findings.add(clock(clock.synchronised()));
        certificate().ifPresent(findings::add);
        return findings;
    }

    private Finding dataDir() {
        Path dir = config.agent().dataDir();
        String user = System.getProperty("user.name");
        if (!Files.isDirectory(dir)) {
            return Files.exists(dir)
                    ? Finding.fail("data dir", dir + " exists but is not a folder", "set agent.dataDir to a folder, or move " + dir + " away")
                    : Finding.fail("data dir", dir + " does not exist", "create it for the agent's user: sudo install -d -m 750 -o <agent user> " + dir);
        }
        if (Files.isWritable(dir)) {
            return Finding.ok("data dir", dir + " is writable (by " + user + ")");
        }
        String owner = owner(dir);
        if (owner.equals(user)) {
            return Finding.fail("data dir", dir + " is not writable by its owner " + owner, "sudo chmod u+rwx " + dir);
        }
        // The agent usually runs as another user than the engineer: this user's view proves nothing about it.
        return Finding.warn("data dir", dir + " is not writable by " + user + "; it belongs to " + owner,
                "run doctor as the agent's user to check what it sees: sudo -u " + owner + " edge-agent doctor");
    }

    private Optional<Finding> disk() {
        Path dir = config.agent().dataDir();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.empty();
        }
        try {
            FileStore store = Files.getFileStore(existing);
            long free = store.getUsableSpace();
            long total = store.getTotalSpace();
            double share = total == 0 ? 1.0 : (double) free / total;
            String detail = HumanText.bytes(free) + " free of " + HumanText.bytes(total)
                    + String.format(Locale.ROOT, " (%.0f %%)", share * 100) + " on " + store.name()
                    + " holding " + dir;
            if (free < MIN_FREE_BYTES || share < MIN_FREE_SHARE) {
                return Optional.of(Finding.fail("disk", detail + ": almost full",
                        "free space there (old logs: sudo journalctl --vacuum-size=100M), or move agent.dataDir to a bigger disk"));
            }
            long budget = config.buffer().maxDiskMb() * 1024L * 1024L;
            if (free < budget) {
                return Optional.of(Finding.warn("disk", detail + ", less than the buffer may take (buffer.maxDiskMb "
                        + config.buffer().maxDiskMb() + ")", "lower buffer.maxDiskMb or free space, so a long outage cannot fill the disk"));
            }
            return Optional.of(Finding.ok("disk", detail));
        } catch (IOException e) {
            return Optional.of(Finding.warn("disk", "cannot tell the free space for " + dir + ": " + e.getMessage(), null));
        }
    }

    /** Damaged H2 files the agent moved aside at start: evidence of a failing SD card, and data never sent. */
    private List<Finding> quarantined() {
        List<Path> found = new ArrayList<>();
        found.addAll(matching(config.agent().dataDir().resolve("buffer"), "outbox.corrupt-*.mv.db"));
        found.addAll(matching(config.agent().dataDir().resolve("capacity"), "capacity.corrupt-*.mv.db"));
        if (found.isEmpty()) {
            return List.of(Finding.ok("quarantine", "no damaged buffer or capacity files"));
        }
        List<Finding> findings = new ArrayList<>();
        for (Path p : found) {
            findings.add(Finding.fail("quarantine", p + " was unreadable and moved aside; what it held was not sent",
                    "the storage may be failing (check: dmesg | grep -i -e mmc -e 'i/o error'); keep the file for analysis, then move it off the device"));
        }
        return findings;
    }

    private static List<Path> matching(Path dir, String glob) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
            files.forEach(out::add);
        } catch (IOException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }

    static Finding clock(Optional<Boolean> synchronised) {
        if (synchronised.isEmpty()) {
            return Finding.warn("clock", "cannot tell whether the clock is synchronised (timedatectl did not answer)",
                    "check by hand: chronyc tracking, or timedatectl on a systemd host");
        }
        return synchronised.get() ? Finding.ok("clock", "synchronised (NTP)")
                : Finding.fail("clock", "NOT synchronised: every timestamp in the feed may be wrong",
                        "enable time sync (sudo timedatectl set-ntp true) and let the device reach an NTP server (UDP 123)");
    }

    /** The broker client certificate, when one is configured: it expiring is an outage nobody sees coming. */
    private Optional<Finding> certificate() {
        if (config.broker().tls() == null || config.broker().tls().certFile() == null) {
            return Optional.empty();
        }
        Path file = config.broker().tls().certFile();
        try {
            // The first certificate is the gateway's own; the CAs after it are the broker's to check.
            X509Certificate cert = PemFiles.certificates(file).get(0);
            Instant notAfter = cert.getNotAfter().toInstant();
            LocalDate until = LocalDate.ofInstant(notAfter, ZoneOffset.UTC);
            long days = Duration.between(now, notAfter).toDays();
            if (notAfter.isBefore(now)) {
                return Optional.of(Finding.fail("certificate", file + " expired on " + until + ": the broker refuses it",
                        "renew the gateway's client certificate and replace " + file + ", then restart the agent"));
            }
            if (Duration.between(now, notAfter).compareTo(CERTIFICATE_WARNING) < 0) {
                return Optional.of(Finding.fail("certificate", file + " expires on " + until + ", in " + days + " days",
                        "renew the gateway's client certificate before then and replace " + file));
            }
            return Optional.of(Finding.ok("certificate", file + " valid until " + until + " (" + days + " days)"));
        } catch (PemFileException e) {
            return Optional.of(Finding.fail("certificate", "cannot read " + file + ": " + e.problem(),
                    "broker.tls.certFile must be a PEM certificate readable by the agent"));
        }
    }

    private static String owner(Path p) {
        try {
            return Files.getOwner(p).getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "another user";
        }
    }
}
