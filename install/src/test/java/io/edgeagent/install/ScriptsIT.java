package io.edgeagent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every shell script the install ships or documents, and the checkout's bin/edge-agent, parses in the shell
 * it names and passes shellcheck where it is installed. The maintainer scripts are checked as packaged, not as written.
 */
class ScriptsIT {

    /** The packaged maintainer scripts, written out so the shells can read them. */
    private static List<Path> maintainerScripts() throws IOException {
        Deb deb = Deb.open(Build.DEB);
        Path dir = Build.fresh("control");
        List<Path> scripts = new ArrayList<>();
        for (String name : List.of("postinst", "prerm", "postrm")) {
            Path script = dir.resolve(name);
            Files.writeString(script, deb.controlFile(name));
            scripts.add(script);
        }
        return scripts;
    }

    /** Scripts in the source tree: launcher, first boot, install.sh, the image recipe and the checkout's launcher. */
    private static List<Path> sourceScripts() throws IOException {
        List<Path> scripts = new ArrayList<>(List.of(
                Build.MODULE.resolve("launcher/edge-agent"),
                Build.MODULE.resolve("../bin/edge-agent"),
                Build.MODULE.resolve("firstboot/edge-agent-firstboot"),
                Build.MODULE.resolve("install.sh")));
        try (Stream<Path> image = Files.list(Build.MODULE.resolve("image"))) {
            image.filter(p -> p.toString().endsWith(".sh")).sorted().forEach(scripts::add);
        }
        return scripts;
    }

    private static String shell(Path script) throws IOException {
        String firstLine = Files.readAllLines(script).get(0);
        assertTrue(firstLine.startsWith("#!"), script + " has no #! line");
        return firstLine.endsWith("bash") ? "bash" : "sh";
    }

    @Test
    void maintainerScriptsArePosixShWithErrexit() throws IOException, InterruptedException {
        for (Path script : maintainerScripts()) {
            assertEquals("#!/bin/sh", Files.readAllLines(script).get(0), script + ": dpkg runs it with /bin/sh");
            assertTrue(Files.readString(script).contains("\nset -eu\n"), script + " stops at the first failure");
            parses("sh", script);
        }
    }

    @Test
    void sourceScriptsParseInTheirShell() throws IOException, InterruptedException {
        for (Path script : sourceScripts()) {
            assertTrue(Files.isExecutable(script), script + " is executable in the tree");
            String text = Files.readString(script);
            String shell = shell(script);
            assertTrue(text.contains(shell.equals("bash") ? "\nset -euo pipefail\n" : "\nset -eu\n"),
                    script + " stops at the first failure");
            parses(shell, script);
        }
    }

    @Test
    void shellcheckIsClean() throws IOException, InterruptedException {
        Build.requireTool("shellcheck", "shellcheck of the maintainer scripts, launcher, first boot, install.sh and image"
                + " recipe (they were still parsed with sh -n / bash -n)");
        List<String> command = new ArrayList<>(List.of("shellcheck", "--severity=style"));
        maintainerScripts().forEach(p -> command.add(p.toString()));
        sourceScripts().forEach(p -> command.add(p.toString()));
        Build.Result shellcheck = Build.run(command);
        assertEquals(0, shellcheck.exit(), shellcheck.toString());
    }

    private static void parses(String shell, Path script) throws IOException, InterruptedException {
        Build.Result parsed = Build.run(List.of(shell, "-n", script.toString()));
        assertEquals(0, parsed.exit(), shell + " -n " + script + "\n" + parsed);
    }
}
