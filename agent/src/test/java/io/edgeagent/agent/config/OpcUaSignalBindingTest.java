package io.edgeagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgeagent.drivers.opcua.NodeRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An OPC UA signal's queue size and its deadband, absolute or percent, as bound from the file. */
class OpcUaSignalBindingTest {

    private static final NodeRef NODE = NodeRef.parse("ns=2;s=Mould.Temperature");

    @TempDir
    Path dir;

    @Test
    void aNumberIsAbsoluteAndTextWithPercentIsAPercentageOfTheEuRange() throws Exception {
        Map<String, SignalConfig> signals = signals("""
                      absolute: { node: "ns=2;s=Mould.Temperature", deadband: 0.5, queueSize: 10 }
                      whole: { node: "ns=2;s=Mould.Temperature", deadband: 3 }
                      quoted: { node: "ns=2;s=Mould.Temperature", deadband: "2%", samplingMs: 250 }
                      plain: { node: "ns=2;s=Mould.Temperature", deadband: 0.25%, queueSize: 1000 }
                      full: { node: "ns=2;s=Mould.Temperature", deadband: "100%" }
                      defaults: { node: "ns=2;s=Mould.Temperature" }
                """);

        Duration second = Duration.ofSeconds(1);
        assertEquals(new OpcUaSignalConfig("absolute", NODE, second, 0.5, false, 10), signals.get("absolute"));
        assertEquals(new OpcUaSignalConfig("whole", NODE, second, 3, false, 1), signals.get("whole"));
        assertEquals(new OpcUaSignalConfig("quoted", NODE, Duration.ofMillis(250), 2, true, 1), signals.get("quoted"));
        assertEquals(new OpcUaSignalConfig("plain", NODE, second, 0.25, true, 1000), signals.get("plain"));
        assertEquals(new OpcUaSignalConfig("full", NODE, second, 100, true, 1), signals.get("full"));
        assertEquals(new OpcUaSignalConfig("defaults", NODE, second, 0, false, 1), signals.get("defaults"));
    }

    @Test
    void aDeadbandThatIsNeitherSaysHowToWriteBoth() {
        ConfigException e = assertThrows(ConfigException.class, () -> signals("""
                      listed: { node: "ns=2;s=Mould.Temperature", deadband: [ 1 ] }
                      quotedNumber: { node: "ns=2;s=Mould.Temperature", deadband: "0.5" }
                      negative: { node: "ns=2;s=Mould.Temperature", deadband: "-2%" }
                """));

        String forms = "a plain number for an absolute deadband in the value's unit, e.g. deadband: 0.5, or a"
                + " percentage of the node's EURange, e.g. deadband: \"2%\"";
        assertEquals(List.of(
                "machines[0].signals.listed.deadband must be " + forms,
                "machines[0].signals.quotedNumber.deadband '0.5' is not a deadband: write " + forms,
                "machines[0].signals.negative.deadband '-2%' is not a deadband: write " + forms),
                e.problems().stream().map(ConfigProblem::message).toList());
    }

    private Map<String, SignalConfig> signals(String signalsSection) throws Exception {
        String yaml = """
                agent: { id: gw01, site: plant-1 }
                broker: { urls: [ "tcp://localhost:1883" ] }
                machines:
                  - id: imm-07
                    opcua: { endpoint: "opc.tcp://10.0.3.17:4840" }
                    signals:
                """ + signalsSection;
        return ConfigLoader.load(Files.writeString(dir.resolve("agent.yaml"), yaml), name -> null)
                .machines().get(0).signals();
    }
}
