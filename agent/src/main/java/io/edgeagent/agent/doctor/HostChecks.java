package io.edgeagent.agent.doctor;

import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.text.HumanText;
import io.edgeagent.agent.text.Messages;
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
    private final Messages m;

    HostChecks(AgentConfig config, Instant now, Messages messages) {
        this.config = config;
        this.now = now;
        this.m = messages;
    }

    List<Finding> run(ClockSync clock) {
        List<Finding> findings = new ArrayList<>();
        findings.add(dataDir());
        disk().ifPresent(findings::add);
        findings.addAll(quarantined());
        findings.add(clock(clock.synchronised(), m));
        certificate().ifPresent(findings::add);
        return findings;
    }

    private Finding dataDir() {
        Path dir = config.agent().dataDir();
        String user = System.getProperty("user.name");
        String check = m.get("doctor.check.dataDir");
        if (!Files.isDirectory(dir)) {
            return Files.exists(dir)
                    ? Finding.fail(check, m.get("doctor.dataDir.notFolder", dir), m.get("doctor.dataDir.notFolder.fix", dir))
                    : Finding.fail(check, m.get("doctor.dataDir.missing", dir), m.get("doctor.dataDir.missing.fix", dir));
        }
        if (Files.isWritable(dir)) {
            return Finding.ok(check, m.get("doctor.dataDir.writable", dir, user));
        }
        String owner = owner(dir);
        if (owner.equals(user)) {
            return Finding.fail(check, m.get("doctor.dataDir.notWritableByOwner", dir, owner), "sudo chmod u+rwx " + dir);
        }
        // The agent usually runs as another user than the engineer: this user's view proves nothing about it.
        return Finding.warn(check, m.get("doctor.dataDir.notWritable", dir, user, owner),
                m.get("doctor.dataDir.notWritable.fix", owner));
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
            String detail = m.get("doctor.disk.free", HumanText.bytes(free), HumanText.bytes(total),
                    String.format(Locale.ROOT, "%.0f", share * 100), store.name(), dir);
            String check = m.get("doctor.check.disk");
            if (free < MIN_FREE_BYTES || share < MIN_FREE_SHARE) {
                return Optional.of(Finding.fail(check, m.get("doctor.disk.full", detail), m.get("doctor.disk.full.fix")));
            }
            long budget = config.buffer().maxDiskMb() * 1024L * 1024L;
            if (free < budget) {
                return Optional.of(Finding.warn(check, m.get("doctor.disk.belowBudget", detail,
                        config.buffer().maxDiskMb()), m.get("doctor.disk.belowBudget.fix")));
            }
            return Optional.of(Finding.ok(check, detail));
        } catch (IOException e) {
            return Optional.of(Finding.warn(m.get("doctor.check.disk"), m.get("doctor.disk.unknown", dir,
                    e.getMessage()), null));
        }
    }

    /** Damaged H2 files the agent moved aside at start: evidence of a failing SD card, and data never sent. */
    private List<Finding> quarantined() {
        List<Path> found = new ArrayList<>();
        found.addAll(matching(config.agent().dataDir().resolve("buffer"), "outbox.corrupt-*.mv.db"));
        found.addAll(matching(config.agent().dataDir().resolve("capacity"), "capacity.corrupt-*.mv.db"));
        if (found.isEmpty()) {
            return List.of(Finding.ok(m.get("doctor.check.quarantine"), m.get("doctor.quarantine.none")));
        }
        List<Finding> findings = new ArrayList<>();
        for (Path p : found) {
            findings.add(Finding.fail(m.get("doctor.check.quarantine"), m.get("doctor.quarantine.found", p),
                    m.get("doctor.quarantine.found.fix")));
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

    static Finding clock(Optional<Boolean> synchronised, Messages m) {
        String check = m.get("doctor.check.clock");
        if (synchronised.isEmpty()) {
            return Finding.warn(check, m.get("doctor.clock.unknown"), m.get("doctor.clock.unknown.fix"));
        }
        return synchronised.get() ? Finding.ok(check, m.get("doctor.clock.synchronised"))
                : Finding.fail(check, m.get("doctor.clock.notSynchronised"), m.get("doctor.clock.notSynchronised.fix"));
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
