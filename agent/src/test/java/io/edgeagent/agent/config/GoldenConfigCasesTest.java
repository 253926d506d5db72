package io.edgeagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden cases, one folder each under {@code config-cases/}: {@code agent.yaml} plus either
 * {@code expected.ok} (it must load) or {@code expected.err} (the exact, complete list of problems, in
 * order, for a file called {@code agent.yaml}), as {@code run} loads it. {@code config validate} must find the same,
 * unless the folder has an {@code expected.validate}: what validate prints instead, where an unset variable or a
 * missing file is a warning. A new bug report becomes a new folder.
 */
class GoldenConfigCasesTest {

    static final Map<String, String> ENV = Map.of("MQTT_PASSWORD", "golden-secret-value");

    static Path casesRoot() throws URISyntaxException {
        return Path.of(GoldenConfigCasesTest.class.getResource("/config-cases").toURI());
    }

    static Stream<Named<Path>> cases() throws IOException, URISyntaxException {
        try (Stream<Path> folders = Files.list(casesRoot())) {
            List<Named<Path>> cases = folders.filter(Files::isDirectory).sorted()
                    .map(folder -> Named.of(folder.getFileName().toString(), folder)).toList();
            assertTrue(cases.size() >= 20, "the golden cases are missing from the test resources");
            return cases.stream();
        }
    }

    /** The problems of {@code agent.yaml} in {@code folder}, formatted with the bare file name. */
    static List<String> problems(Path folder) {
        try {
            ConfigLoader.load(folder.resolve("agent.yaml"), ENV::get);
            return List.of();
        } catch (ConfigException e) {
            return e.problems().stream().map(p -> p.inFile("agent.yaml").format()).toList();
        }
    }

    /** What {@code config validate} finds in {@code agent.yaml} in {@code folder}, warnings included. */
    static List<String> validated(Path folder) {
        return ConfigLoader.check(folder.resolve("agent.yaml"), ENV::get).problems().stream()
                .map(p -> p.inFile("agent.yaml").format()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void caseGivesExactlyItsExpectedProblems(Path folder) throws IOException {
        Path ok = folder.resolve("expected.ok");
        Path err = folder.resolve("expected.err");
        assertTrue(Files.exists(ok) != Files.exists(err), "a case needs exactly one of expected.ok, expected.err");

        List<String> expected = Files.exists(ok) ? List.of() : Files.readAllLines(err);

        assertEquals(String.join("\n", expected), String.join("\n", problems(folder)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validateGivesTheSameOrItsOwnExpectedProblems(Path folder) throws IOException {
        Path own = folder.resolve("expected.validate");
        Path err = folder.resolve("expected.err");
        List<String> expected = Files.exists(own) ? Files.readAllLines(own)
                : Files.exists(err) ? Files.readAllLines(err) : List.of();

        assertEquals(String.join("\n", expected), String.join("\n", validated(folder)));
    }
}
