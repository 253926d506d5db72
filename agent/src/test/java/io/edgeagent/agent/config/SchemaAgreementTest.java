package io.edgeagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schema (for editors) and the loader (for the agent) tell one story: every config in the repo's
 * {@code config/} folder passes both, and the golden error cases fail both, except those whose problem
 * only the loader can see.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaAgreementTest {

    private static final List<String> FILE_KEYS = List.of("passwordFile", "caFile", "certFile", "keyFile");
    private static final List<String> EXAMPLES = List.of("injection-moulding-euromap77.yaml",
            "cnc-modbus-tcp.yaml", "cnc-opcua-umati.yaml", "press-gpio.yaml", "full-reference.yaml",
            "zh/injection-moulding-workshop.yaml");

    /** Golden error cases a schema cannot judge, and why. */
    private static final Map<String, String> LOADER_ONLY = Map.ofEntries(
            Map.entry("invalid-timezone", "the list of IANA zones"),
            Map.entry("duplicate-machine-id", "uniqueness across list items"),
            Map.entry("duplicate-key", "the YAML reader keeps the last of duplicate keys"),
            Map.entry("duplicate_agent_section_issue14", "the YAML reader keeps the last of duplicate keys"),
            Map.entry("state-rule-unknown-signal", "references between keys"),
            Map.entry("state-rule-unknown-cycle-time-signal", "references between keys"),
            Map.entry("state-rule-kind-modbus", "references between keys: a rule's value against its signal's type"),
            Map.entry("state-rule-kind-gpio", "references between keys: a rule's value against its signal's input"),
            Map.entry("state-rule-kind-profile", "references between keys: a rule's value against the profile"),
            Map.entry("state-rule-kind-counting", "references between keys: a counted signal against its type"),
            Map.entry("password-file-missing", "the file system"),
            Map.entry("env-unset", "the environment"),
            Map.entry("yaml-bad-indentation", "not YAML at all"),
            Map.entry("yaml-tab", "not YAML at all"),
            Map.entry("yaml-dedented-line_issue21", "not YAML at all"),
            Map.entry("yaml-key-without-colon", "not YAML at all"),
            Map.entry("yaml-dedented-rule_issue21", "not YAML at all"),
            Map.entry("yaml-several-syntax-errors", "not YAML at all"),
            Map.entry("yaml-unclosed-quote", "not YAML at all"),
            Map.entry("tls-files-missing", "the file system"),
            Map.entry("control_character_issue14", "not YAML at all"),
            Map.entry("control_characters_then_more_issue21", "not YAML at all"),
            Map.entry("not_utf8_issue14", "not text at all"),
            Map.entry("nesting_too_deep_issue14", "the reader's input limits"),
            Map.entry("recursive_alias_issue14", "the reader's input limits"),
            Map.entry("alias_expansion_too_large_issue14", "the reader's input limits"),
            Map.entry("too_many_aliases_issue14", "the reader's input limits"));

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private Path configDir;
    private JsonSchema schema;

    @BeforeAll
    void readSchema() throws IOException {
        configDir = projectRoot().resolve("config");
        JsonNode schemaNode = new ObjectMapper().readTree(configDir.resolve("edge-agent.schema.json").toFile());
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode);
    }

    // Surefire runs in the module folder; walking up keeps the test right wherever it is started.
    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("config/edge-agent.schema.json"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no config/edge-agent.schema.json above " + Path.of("").toAbsolutePath());
    }

    /**
     * Every agent config under {@code config/}, examples and demo alike. A YAML file with none of agent,
     * broker or machines at top level is some other document (an AsyncAPI description, say).
     */
    Stream<Named<Path>> configFiles() throws IOException {
        List<Named<Path>> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(configDir)) {
            for (Path file : walk.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                // config/asyncapi.yaml describes the MQTT feed, not an agent: skipped by name, whatever its
                // top-level keys (PayloadContractTest checks it against the payloads instead).
                if (file.equals(configDir.resolve("asyncapi.yaml"))) {
                    continue;
                }
                JsonNode tree = yaml.readTree(file.toFile());
                if (tree != null && (tree.has("agent") || tree.has("broker") || tree.has("machines"))) {
                    files.add(Named.of(configDir.relativize(file).toString(), file));
                }
            }
        }
        return files.stream();
    }

    Stream<Named<Path>> goldenCases() throws IOException, URISyntaxException {
        return GoldenConfigCasesTest.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configFiles")
    void repoConfigLoadsWithoutProblems(Path file, @TempDir Path dir) throws IOException {
        Path copy = copyWithReferencedFiles(file, dir);

        String problems;
        try {
            ConfigLoader.load(copy, name -> "example-" + name);
            problems = "";
        } catch (ConfigException e) {
            problems = e.format();
        }

        assertEquals("", problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configFiles")
    void repoConfigMatchesSchema(Path file) throws IOException {
        assertEquals(Set.of(), schema.validate(yaml.readTree(file.toFile())));
    }

    @Test
    void examplesPointEditorsAtTheSchema() throws IOException {
        String prefix = "# yaml-language-server: $schema=";
        for (String name : EXAMPLES) {
            Path example = configDir.resolve("examples").resolve(name);
            String header = Files.readAllLines(example).get(0);

            assertTrue(header.startsWith(prefix), name + ": the first line must be " + prefix + "<relative path>");
            Path target = example.getParent().resolve(header.substring(prefix.length()).strip()).normalize();
            assertEquals(configDir.resolve("edge-agent.schema.json"), target, name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void schemaAgreesWithGoldenCase(Path folder) throws IOException {
        boolean loaderAccepts = Files.exists(folder.resolve("expected.ok"));
        String name = folder.getFileName().toString();
        if (LOADER_ONLY.containsKey(name)) {
            assertFalse(loaderAccepts, name + " is listed as an error only the loader sees");
            return;
        }
        Set<ValidationMessage> schemaProblems = schema.validate(yaml.readTree(folder.resolve("agent.yaml").toFile()));

        assertEquals(loaderAccepts, schemaProblems.isEmpty(),
                loaderAccepts ? "schema rejects a valid file: " + schemaProblems : "schema accepts a broken file");
    }

    /** A copy of {@code file} in {@code dir}, with a stand-in for each relative file it names. */
    private Path copyWithReferencedFiles(Path file, Path dir) throws IOException {
        Path copy = Files.copy(file, dir.resolve(file.getFileName()));
        for (String key : FILE_KEYS) {
            for (JsonNode value : yaml.readTree(file.toFile()).findValues(key)) {
                Path referenced = Path.of(value.asText());
                if (!referenced.isAbsolute()) {
                    Files.createDirectories(dir.resolve(referenced).getParent());
                    Files.writeString(dir.resolve(referenced), "example-content\n");
                }
            }
        }
        return copy;
    }
}
