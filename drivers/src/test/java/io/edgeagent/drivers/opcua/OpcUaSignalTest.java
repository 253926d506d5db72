package io.edgeagent.drivers.opcua;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
