package io.edgeagent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The packaged /usr/bin/edge-agent, run from the unpacked package with the JDK of this build. */
class LauncherIT {

    private static Build.Result launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Build.debRoot().resolve("usr/bin/edge-agent").toString()));
        command.addAll(List.of(args));
        return Build.run(command);
    }

    @Test
    void theShippedConfigIsValid() throws IOException, InterruptedException {
        Path config = Build.debRoot().resolve("etc/edge-agent/agent.yaml");
        Build.Result validate = launch("config", "validate", config.toString());
        assertEquals(0, validate.exit(), validate.toString());
        assertTrue(validate.out().startsWith(config + ": valid"), validate.out());
    }

    @Test
    void findsItsJarAndLibrariesBesideItself() throws IOException, InterruptedException {
        Build.Result version = launch("--version");
        assertEquals(0, version.exit(), version.toString());
        assertTrue(version.out().startsWith("edge-agent " + Build.VERSION + "\n"), version.out());
    }

    @Test
    void followsASymlinkToItself() throws IOException, InterruptedException {
        Path link = Build.fresh("launcher-link").resolve("edge-agent");
        Files.createSymbolicLink(link, Build.debRoot().resolve("usr/bin/edge-agent"));
        Build.Result version = Build.run(List.of(link.toString(), "--version"));
        assertEquals(0, version.exit(), version.toString());
    }

    @Test
    void aBrokenConfigNamesLineAndColumnAndExits2() throws IOException, InterruptedException {
        Path config = Build.fresh("launcher-broken").resolve("agent.yaml");
        Files.writeString(config, Files.readString(Build.debRoot().resolve("etc/edge-agent/agent.yaml"))
                .replace("  site: unconfigured", "  sitte: unconfigured"));
        Build.Result validate = launch("config", "validate", config.toString());
        assertEquals(2, validate.exit(), validate.toString());
        assertTrue(validate.err().matches("(?s).*" + Pattern.quote(config.toString()) + ":\\d+:\\d+: .*sitte.*"),
                validate.err());
    }
}
