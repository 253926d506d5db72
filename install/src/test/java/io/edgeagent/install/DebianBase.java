package io.edgeagent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Debian bookworm root for the opt-in tests (ChrootIT, BootIT): minbase with systemd, the JRE the package
 * depends on and adduser, made by debootstrap from EDGE_DEBIAN_MIRROR (default deb.debian.org) once and
 * then unpacked from ~/.cache/edge-agent. Needs root.
 */
final class DebianBase {

    private static final String MIRROR = System.getenv().getOrDefault("EDGE_DEBIAN_MIRROR", "http://deb.debian.org/debian");
    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache/edge-agent/bookworm-minbase.tar.gz");

    private DebianBase() {
    }

    /** A fresh root at {@code root}, whatever an earlier run left there. */
    static void unpack(Path root) throws IOException, InterruptedException {
        remove(root);
        Files.createDirectories(root);
        if (!Files.isRegularFile(CACHE)) {
            Path base = Build.WORK.resolve("chroot-base");
            remove(base);
            // systemd for deb-systemd-helper's real target, systemctl and booting; the JRE the package depends on.
            ok(Build.run(List.of("debootstrap", "--variant=minbase", "--include=systemd,default-jre-headless,adduser",
                    "bookworm", base.toString(), MIRROR), Map.of(), null, Duration.ofMinutes(20)));
            Files.createDirectories(CACHE.getParent());
            ok(Build.run(List.of("tar", "--numeric-owner", "-czf", CACHE + ".part", "-C", base.toString(), ".")));
            Files.move(Path.of(CACHE + ".part"), CACHE, StandardCopyOption.REPLACE_EXISTING);
            remove(base);
        }
        ok(Build.run(List.of("tar", "--numeric-owner", "-xpzf", CACHE.toString(), "-C", root.toString())));
    }

    /**
     * Removes a root, first unmounting the /proc a killed chroot run may have left mounted, and never crossing
     * into another file system, so that nothing outside the tree can be deleted.
     */
    static void remove(Path dir) throws IOException, InterruptedException {
        Path proc = dir.resolve("proc");
        if (Files.isDirectory(proc) && Build.run(List.of("mountpoint", "-q", proc.toString())).exit() == 0) {
            ok(Build.run(List.of("umount", proc.toString())));
        }
        ok(Build.run(List.of("rm", "-rf", "--one-file-system", dir.toString())));
    }

    static Build.Result ok(Build.Result result) {
        assertEquals(0, result.exit(), result.toString());
        return result;
    }
}
