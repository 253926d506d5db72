package io.edgeagent.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every config the project ships (the examples, the demo's, the package's placeholder) passes {@code edge-agent
 * config validate} as it is, on a machine that has none of the secrets it names: exit 0 and no error, only warnings
 * about the variables and files that live on a device.
 */
class ShippedConfigsValidateTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    static Stream<Named<Path>> shipped() throws IOException {
        List<Path> files;
        try (Stream<Path> examples = Files.walk(ROOT.resolve("config/examples"))) {
            files = Stream.concat(examples.filter(f -> f.toString().endsWith(".yaml")),
                    Stream.of(ROOT.resolve("config/demo.yaml"), ROOT.resolve("install/config/agent.yaml")))
                    .sorted().toList();
        }
        assertTrue(files.size() >= 8, "the shipped configs are missing: " + files);
        return files.stream().map(file -> Named.of(ROOT.relativize(file).toString(), file));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void validatesWithoutErrors(Path file, @TempDir Path dir) {
        CliRun validate = CliRun.run("config", "validate", file.toString(), "--env-file",
                dir.resolve("environment").toString());

        assertEquals(0, validate.exit(), validate.err());
        assertEquals(List.of(), validate.err().lines().filter(line -> !line.contains(": warning: ")).toList());
        assertTrue(validate.out().startsWith(file + ": valid (") || validate.out().startsWith(file + ": no errors; "),
                validate.out());
    }
}
