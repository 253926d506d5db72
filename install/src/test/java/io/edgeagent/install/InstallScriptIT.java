package io.edgeagent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * install.sh from the unpacked tarball, staged into a folder (--destdir): the same files as the .deb,
 * idempotent, upgrades without merging old jars, keeps the technician's config, uninstalls and purges.
 * The real install (service user, systemctl) runs in ChrootIT.
 */
class InstallScriptIT {

    private Path destdir;

    @BeforeEach
    void empty() throws IOException {
        destdir = Build.fresh("install-destdir");
    }

    private Build.Result installSh(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", Build.tarballRoot().resolve("install.sh").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--destdir", destdir.toString()));
        return Build.run(command);
    }

    /** Every file under {@code root}, relative, with its permission bits. */
    private static Map<String, Integer> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).collect(Collectors.toMap(
                    p -> root.relativize(p).toString(),
                    p -> mode(p),
                    (a, b) -> a, TreeMap::new));
        }
    }

    private static int mode(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:mode") & 0777;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void installsTheSameFilesAsThePackage() throws IOException, InterruptedException {
        Build.Result install = installSh();
        assertEquals(0, install.exit(), install.toString());
        Build.assertSameEntries(files(Build.debRoot()), files(destdir), "install.sh --destdir against the .deb (path: mode)");
    }

    @Test
    void runningItAgainChangesNothingAndKeepsTheTechniciansConfig() throws IOException, InterruptedException {
        assertEquals(0, installSh().exit());
        Path config = destdir.resolve("etc/edge-agent/agent.yaml");
        Files.writeString(config, Files.readString(config).replace("id: edge-gw01", "id: plant-7-gw03"));
        Map<String, Integer> before = files(destdir);
        String edited = Files.readString(config);

        Build.Result again = installSh();
        assertEquals(0, again.exit(), again.toString());
        assertEquals(before, files(destdir));
        assertEquals(edited, Files.readString(config));
        assertTrue(again.err().contains("kept your /etc/edge-agent/agent.yaml"), again.err());
    }

    @Test
    void anUpgradeReplacesTheLibrariesInsteadOfMerging() throws IOException, InterruptedException {
        assertEquals(0, installSh().exit());
        Path stale = destdir.resolve("usr/share/edge-agent/lib/old-library-1.0.jar");
        Files.writeString(stale, "from an earlier version");
        assertEquals(0, installSh().exit());
        assertFalse(Files.exists(stale), "a jar of an earlier version would stay on no Class-Path, but confuse");
    }

    @Test
    void uninstallKeepsTheConfigAndPurgeRemovesIt() throws IOException, InterruptedException {
        assertEquals(0, installSh().exit());
        Build.Result uninstall = installSh("--uninstall");
        assertEquals(0, uninstall.exit(), uninstall.toString());
        assertEquals(List.of("etc/edge-agent/agent.yaml"), List.copyOf(files(destdir).keySet()));
        assertEquals(0, installSh("--uninstall").exit(), "a second uninstall is no error");

        Build.Result purge = installSh("--purge");
        assertEquals(0, purge.exit(), purge.toString());
        assertEquals(Map.of(), files(destdir));
    }

    @Test
    void refusesToRunOutsideItsTarball() throws IOException, InterruptedException {
        Path elsewhere = Build.fresh("install-elsewhere").resolve("install.sh");
        Files.copy(Build.tarballRoot().resolve("install.sh"), elsewhere);
        Build.Result result = Build.run(List.of("bash", elsewhere.toString(), "--destdir", destdir.toString()));
        assertEquals(2, result.exit(), result.toString());
        assertTrue(result.err().contains("no program files in"), result.err());
        assertEquals(Map.of(), files(destdir));
    }
}
