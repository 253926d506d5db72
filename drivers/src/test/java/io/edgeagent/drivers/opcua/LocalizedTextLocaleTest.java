package io.edgeagent.drivers.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.testsupport.RecordingSink;
import io.edgeagent.drivers.testsupport.TestSimulators;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: an OPC UA LocalizedText keeps its locale. A machine built for the Chinese market (a real Milo server, the
 * simulator) names its model in zh-CN: the reading's value is the text, as a state rule compares it, and the locale
 * rides beside it; an English one says en, and text that is no LocalizedText has none.
 */
class LocalizedTextLocaleTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MACHINE = "imm-zh";

    @Test
    void aLocalizedTextInZhCnIsReadAsItsTextWithItsLocale() {
        ImmSimulator simulator = TestSimulators.manual(MACHINE, ImmSimulator.freePort(), Phase.PRODUCING)
                .model("海天 MA2500 注塑机", "zh-CN").jobName("订单-0815").build();
        simulator.start();
        RecordingSink sink = new RecordingSink();
        OpcUaDriver driver = new OpcUaDriver(MACHINE, OpcUaEndpoint.of(simulator.endpointUrl()), MachineRoot.OBJECTS);
        try {
            driver.subscribe(List.of(
                    OpcUaSignal.of("model", "/DeviceSet/" + MACHINE + "/MachineInformation/Model"),
                    OpcUaSignal.of("manufacturer", "/DeviceSet/" + MACHINE + "/MachineInformation/Manufacturer"),
                    OpcUaSignal.of("jobName", "/DeviceSet/" + MACHINE + "/Jobs/ActiveJob/JobName")), sink);
            driver.open();

            Reading model = sink.awaitReading("model", Reading::isGood, WAIT);
            assertEquals("海天 MA2500 注塑机", model.value());
            assertEquals("zh-CN", model.locale());
            assertEquals("en", sink.awaitReading("manufacturer", Reading::isGood, WAIT).locale());
            Reading job = sink.awaitReading("jobName", Reading::isGood, WAIT);
            assertEquals("订单-0815", job.value(), "a String node's Chinese text arrives as it is");
            assertNull(job.locale(), "a String has no locale");
        } finally {
            driver.close();
            simulator.close();
        }
    }
}
