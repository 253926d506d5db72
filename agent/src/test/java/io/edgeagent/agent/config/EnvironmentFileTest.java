package io.edgeagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's environment file, read as systemd's EnvironmentFile= reads it, for config validate. */
class EnvironmentFileTest {

    @TempDir
    Path dir;

    @Test
    void readsNameValueLinesAsSystemdDoes() throws Exception {
        Path file = Files.writeString(dir.resolve("environment"), """
                # secrets for ${env:NAME} in agent.yaml
                ; also a comment
                MQTT_PASSWORD=s3cret value
                  IMM08_PASSWORD = "with \\"quotes\\""
                SITE='ningbo p2'
                export LINE=one \\
                two
                EMPTY=

                """);
        EnvironmentFile environment = EnvironmentFile.read(file);

        Map<String, String> process = Map.of("MQTT_PASSWORD", "from the shell", "HOME", "/root");
        var env = environment.over(process::get);
        assertEquals("s3cret value", env.apply("MQTT_PASSWORD"), "the file's value is the one the service gets");
        assertEquals("with \"quotes\"", env.apply("IMM08_PASSWORD"));
        assertEquals("ningbo p2", env.apply("SITE"));
        assertEquals("one two", env.apply("LINE"));
        assertEquals("", env.apply("EMPTY"));
        assertEquals("/root", env.apply("HOME"), "what the file does not set comes from the process");
        assertNull(env.apply("UNSET"));
        assertEquals(List.of(), environment.problems());
    }

    @Test
    void aLineTheServiceWouldIgnoreIsAWarningWithItsLineAndNoValue() throws Exception {
        Path file = Files.writeString(dir.resolve("environment"), "MQTT_PASSWORD=ok\nMQTT PASSWORD=s3cret\njust text\n");
        EnvironmentFile environment = EnvironmentFile.read(file);

        String warning = file + ": warning: this line is not NAME=value with a NAME of letters, digits and '_',"
                + " so the service ignores it";
        assertEquals(List.of(warning.replace(": warning", ":2:1: warning"), warning.replace(": warning", ":3:1: warning")),
                environment.problems().stream().map(ConfigProblem::format).toList());
        assertEquals("ok", environment.over(name -> null).apply("MQTT_PASSWORD"));
    }

    @Test
    void noFileHoldsNothingAndIsNoProblem() {
        EnvironmentFile environment = EnvironmentFile.read(dir.resolve("none"));

        assertEquals(List.of(), environment.problems());
        assertEquals("x", environment.over(name -> "x").apply("MQTT_PASSWORD"));
    }
}
