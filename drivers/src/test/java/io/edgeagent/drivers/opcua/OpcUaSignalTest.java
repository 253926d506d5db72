package io.edgeagent.drivers.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.opcua.OpcUaSignal.Deadband;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpcUaSignalTest {

    @Test
    void rejectsValuesThatCannotBeMonitoredNamingTheSignal() {
        IllegalArgumentException sampling = assertThrows(IllegalArgumentException.class,
                () -> new OpcUaSignal("mould", "ns=2;s=a", Duration.ZERO, 0));
        IllegalArgumentException deadband = assertThrows(IllegalArgumentException.class,
                () -> new OpcUaSignal("mould", "ns=2;s=a", Duration.ofSeconds(1), -1));

        assertTrue(sampling.getMessage().contains("'mould'"), sampling.getMessage());
        assertTrue(deadband.getMessage().contains("'mould'"), deadband.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OpcUaSignal.of(" ", "ns=2;s=a"));
        assertThrows(IllegalArgumentException.class,
                () -> new OpcUaSignal("mould", "ns=2;s=a", Duration.ofSeconds(1), Double.NaN));
    }

    @Test
    void rejectsQueueSizeAndPercentDeadbandOutOfRangeNamingTheSignal() {
        Duration second = Duration.ofSeconds(1);
        IllegalArgumentException queue = assertThrows(IllegalArgumentException.class,
                () -> new OpcUaSignal("mould", "ns=2;s=a", second, Deadband.absolute(0), 0));
        IllegalArgumentException percent = assertThrows(IllegalArgumentException.class,
                () -> new OpcUaSignal("mould", "ns=2;s=a", second, Deadband.percent(100.5), 1));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> new OpcUaSignal("mould", "ns=2;s=a", second, Deadband.percent(-1), 1));

        assertEquals("signal 'mould': queue size must be at least 1, was 0", queue.getMessage());
        assertEquals("signal 'mould': a percent deadband must be at most 100, was 100.5", percent.getMessage());
        assertEquals("signal 'mould': deadband must be a finite number >= 0, was -1.0", negative.getMessage());
        assertEquals(100, new OpcUaSignal("mould", "ns=2;s=a", second, Deadband.percent(100), 1000)
                .deadband().value());
    }

    @Test
    void theShortFormsMonitorWithAnAbsoluteDeadbandAndAQueueOfOne() {
        assertEquals(new OpcUaSignal("mould", "ns=2;s=a", Duration.ofMillis(500), Deadband.absolute(0.5), 1),
                new OpcUaSignal("mould", "ns=2;s=a", Duration.ofMillis(500), 0.5));
        assertEquals(new OpcUaSignal("mould", "ns=2;s=a", OpcUaSignal.DEFAULT_SAMPLING, Deadband.absolute(0),
                OpcUaSignal.DEFAULT_QUEUE_SIZE), OpcUaSignal.of("mould", "ns=2;s=a"));
    }
}
