package io.edgeagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Passwords reach the code that needs them and nobody else: not records, not problems, not logs. */
class SecretsTest {

    private static final String HEAD = """
            agent: { id: gw01, site: plant-1 }
            machines:
              - id: press-01
                gpio: { cycle: { pin: 17 } }
            """;

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("agent.yaml"), yaml);
    }

    @Test
    void passwordComesFromTheInjectedEnvironment() throws Exception {
        Path file = write(HEAD + """
                broker:
                  urls: [ "ssl://mqtt.example.net:8883" ]
                  password: ${env:MQTT_PASSWORD}
                """);

        AgentConfig config = ConfigLoader.load(file, Map.of("MQTT_PASSWORD", "env-secret-4711")::get);

        assertEquals("env-secret-4711", config.broker().password().reveal());
        assertFalse(config.toString().contains("env-secret-4711"), config.toString());
    }

    @Test
    void environmentReferenceMayBePartOfAText() throws Exception {
        Path file = write(HEAD + """
                broker:
                  urls: [ "ssl://mqtt.example.net:8883" ]
                  username: ${env:SITE}-gw01
                """);

        AgentConfig config = ConfigLoader.load(file, Map.of("SITE", "ningbo")::get);

        assertEquals("ningbo-gw01", config.broker().username());
    }

    @Test
    void unsetVariableIsAProblemNamingItAndTheKey() throws IOException {
        Path file = write(HEAD + """
                broker:
                  urls: [ "ssl://mqtt.example.net:8883" ]
                  password: ${env:MQTT_PASSWORD}
                """);

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, name -> null));

        assertEquals(1, e.problems().size());
        ConfigProblem problem = e.problems().get(0);
        assertEquals(7, problem.line());
        assertEquals(13, problem.column());
        assertTrue(problem.message().contains("MQTT_PASSWORD"), problem.message());
        assertTrue(problem.message().startsWith("broker.password "), problem.message());
    }

    @Test
    void passwordFileIsReadRelativeToTheConfigWithoutItsLineEnd() throws Exception {
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/mqtt-password"), "file-secret-0815\r\n");
        Path file = write(HEAD + """
                broker:
                  urls: [ "ssl://mqtt.example.net:8883" ]
                  passwordFile: secrets/mqtt-password
                """);

        AgentConfig config = ConfigLoader.load(file, name -> null);

        assertEquals("file-secret-0815", config.broker().password().reveal());
    }

    @Test
    void emptyPasswordFileIsAProblemNamingTheFile() throws IOException {
        Files.writeString(dir.resolve("mqtt-password"), "\n");
        Path file = write(HEAD + """
                broker:
                  urls: [ "ssl://mqtt.example.net:8883" ]
                  passwordFile: mqtt-password
                """);

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, name -> null));

        assertTrue(e.format().contains(dir.resolve("mqtt-password").toString()), e.format());
    }

    @Test
    void brokenConfigNeverPrintsASecret() throws IOException {
        Files.writeString(dir.resolve("imm-07"), "file-secret-0815\n");
        Path file = write("""
                agent: { id: GW01, site: plant-1 }
                broker:
                  urls: [ "ssl://gw01:url-secret-1234@mqtt.example.net:8883", "ssl://mqtt.example.net" ]
                  username: gw01
                  password: literal-secret-42
                  passwordFile: imm-07
                machines:
                  - id: imm-07
                    opcua:
                      endpoint: opc.tcp://edge:url-secret-5678@10.0.3.17
                      auth: { username: edge, passwordFile: imm-07 }
                    signals:
                      temp: { node: "ns=2,s=T" }
                  - id: imm-08
                    opcua:
                      endpoint: opc.tcp://10.0.3.18
                      auth: { username: edge, password: 987654321 }
                      profile: euromap77
                  - id: imm-09
                    opcua:
                      endpoint: opc.tcp://10.0.3.19
                      auth: { password: "${env:IMM09_PASSWORD}" }
                      profile: euromap
                """);

        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, Map.of("IMM09_PASSWORD", "env-secret-4711")::get));

        String output = e.format();
        assertTrue(e.problems().size() >= 8, output);
        for (String secret : new String[] {"url-secret-1234", "literal-secret-42", "file-secret-0815",
                "url-secret-5678", "987654321", "env-secret-4711"}) {
            assertFalse(output.contains(secret), "secret " + secret + " leaked into:\n" + output);
        }
    }

    @Test
    void secretPrintsAsStarsAndComparesByValue() {
        Secret secret = new Secret("s3cret");

        assertEquals("***", secret.toString());
        assertEquals("s3cret", secret.reveal());
        assertEquals(new Secret("s3cret"), secret);
        assertNotEquals(new Secret("other"), secret);
        assertFalse(new OpcUaConnection(java.net.URI.create("opc.tcp://h:4840"), "None", "None", false, "edge", secret,
                null, null, null, null).toString().contains("s3cret"));
    }
}
