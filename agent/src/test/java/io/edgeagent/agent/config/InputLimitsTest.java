package io.edgeagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: input too large to keep as a golden case, made here. Each once ended in an OutOfMemoryError or
 * a StackOverflowError, or took half a minute; now each is one problem, with its place where it has one.
 */
class InputLimitsTest {

    private static final String HEAD = """
            agent: { id: gw01, site: plant-1 }
            broker: { urls: [ "tcp://localhost:1883" ] }
            machines: [ { id: press-01, gpio: { cycle: { pin: 17 } } } ]
            """;
    private static final String TOO_LARGE = "the file is larger than 1 MB (1048576 bytes), the most a config may be;"
            + " one for hundreds of machines is far smaller: check that this is the agent's YAML file";

    @TempDir
    Path dir;

    private List<String> problems(Path file) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, name -> null));
        return e.problems().stream()
                .map(p -> new ConfigProblem("agent.yaml", p.line(), p.column(), p.message()).format())
                .toList();
    }

    private List<String> problems(String yaml) throws Exception {
        return problems(Files.writeString(dir.resolve("agent.yaml"), yaml));
    }

    @Test
    void aTenMegabyteFileIsRefusedUnparsed() throws Exception {
        String comment = "# " + "x".repeat(98) + "\n";

        assertEquals(List.of("agent.yaml: " + TOO_LARGE), problems(HEAD + comment.repeat(100_000)));
    }

    @Test
    void oneByteOverTheLimitIsRefusedAndTheLimitItselfIsRead() throws Exception {
        String padded = HEAD + "#".repeat(ConfigLoader.MAX_FILE_BYTES - HEAD.length() - 1) + "\n";

        ConfigLoader.load(Files.writeString(dir.resolve("agent.yaml"), padded), name -> null);
        assertEquals(List.of("agent.yaml: " + TOO_LARGE), problems(padded + "\n"));
    }

    @Test
    void twoHundredThousandKeysAreRefusedUnparsed() throws Exception {
        StringBuilder yaml = new StringBuilder(HEAD);
        for (int i = 0; i < 200_000; i++) {
            yaml.append("key").append(i).append(": 1\n");
        }

        assertEquals(List.of("agent.yaml: " + TOO_LARGE), problems(yaml.toString()));
    }

    @Test
    void anEndlessDeviceIsReadOnlyUpToTheLimit() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(zero), "no /dev/zero on this system");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(zero, name -> null));

        assertEquals("/dev/zero: " + TOO_LARGE, e.format());
    }

    @Test
    void aFolderIsNamedAsOne() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir, name -> null));

        assertEquals(dir + ": this is a folder, not a file: name the YAML file, e.g. " + dir.resolve("agent.yaml"),
                e.format());
    }

    @Test
    void tenThousandBracketsDeepStopAtTheLimitWhereItIsPassed() throws Exception {
        String yaml = HEAD + "sharing: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";

        assertEquals(List.of("agent.yaml:4:73: this is nested more than 64 levels deep, where a config needs fewer"
                + " than 10: check the brackets [ ] and { } and the indentation"), problems(yaml));
    }

    @Test
    void tenThousandListsInListsStopAtTheLimitWhereItIsPassed() throws Exception {
        String yaml = HEAD + "sharing:\n" + "- ".repeat(10_000) + "x\n";

        assertEquals(List.of("agent.yaml:5:127: this is nested more than 64 levels deep, where a config needs fewer"
                + " than 10: check the brackets [ ] and { } and the indentation"), problems(yaml));
    }

    @Test
    void aValueJustOverTheLimitIsRefusedWhereItStarts() throws Exception {
        String atLimit = "x".repeat(LimitedParser.MAX_SCALAR_CHARS);
        String yaml = """
                agent: { id: gw01, site: plant-1 }
                broker: { urls: [ "tcp://localhost:1883" ] }
                machines:
                  - id: press-01
                    gpio: { cycle: { pin: 17 } }
                    capability: { note: %s }
                """;

        ConfigLoader.load(Files.writeString(dir.resolve("agent.yaml"), yaml.formatted(atLimit)), name -> null);
        assertEquals(List.of("agent.yaml:6:25: this value is longer than 65536 characters, which no setting needs:"
                + " check for a quote closed in the wrong place"), problems(yaml.formatted(atLimit + "x")));
    }

    @Test
    void aMegabyteValueOnOneLineIsRefusedByItsLength() throws Exception {
        String yaml = HEAD + "sharing: \"" + "x".repeat(ConfigLoader.MAX_FILE_BYTES - HEAD.length() - 20) + "\"\n";

        assertEquals(List.of("agent.yaml:4:10: this value is longer than 65536 characters, which no setting needs:"
                + " check for a quote closed in the wrong place"), problems(yaml));
    }

    @Test
    void tooManyValuesAreRefusedWhereTheLimitIsPassed() throws Exception {
        String yaml = HEAD + "sharing: [" + "1, ".repeat(110_000) + "1]\n";
        int valuesBeforeTheList = 25;
        int column = "sharing: [".length() + 1 + "1, ".length() * (LimitedParser.MAX_VALUES - valuesBeforeTheList);

        assertEquals(List.of("agent.yaml:4:" + column + ": the file has more than"
                + " 100000 keys, values and list items (an alias counting as all it stands for); a machine takes"
                + " about 75, so this is more than one gateway should read: split the machines over several"
                + " gateways, each with its own agent.id"), problems(yaml));
    }

    @Test
    void thousandsOfMachinesAreMoreThanOneGatewayShouldRead() throws Exception {
        StringBuilder yaml = new StringBuilder("""
                agent: { id: gw01, site: plant-1 }
                broker: { urls: [ "tcp://localhost:1883" ] }
                machines:
                """);
        // Written tersely, so that the file stays within the 1 MB limit and the count of values is what refuses it.
        for (int i = 0; i < 4000; i++) {
            yaml.append(("  - { id: p%d, modbus: { tcp: \"10.%d.%d.1\" }, signals: { m: { register: holding:0 },"
                    + " c: { register: holding:20 } }, state: { running: { signal: m, eq: 1 } }, counter: c }\n")
                    .formatted(i, i / 250, i % 250));
        }

        List<String> problems = problems(yaml.toString());

        assertEquals(1, problems.size(), problems.toString());
        assertEquals(true, problems.get(0).contains(": the file has more than 100000 keys, values and list items"),
                problems.get(0));
    }
}
