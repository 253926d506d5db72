package io.edgeagent.drivers.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpcUaEndpointTest {

    @Test
    void takesHostAndPortFromTheUrlWithTheOpcUaDefaultPort() {
        assertEquals(4840, OpcUaEndpoint.of("opc.tcp://press-7/UA/Server").port());
        assertEquals("10.0.0.7", OpcUaEndpoint.of("opc.tcp://10.0.0.7:48010").host());
        assertEquals(48010, OpcUaEndpoint.of("opc.tcp://10.0.0.7:48010").port());
    }

    @Test
    void acceptsOnlySecurityNoneForNow() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () ->
                new OpcUaEndpoint("opc.tcp://10.0.0.7:4840", Duration.ofSeconds(5), "Basic256Sha256", null));

        assertTrue(error.getMessage().contains("Basic256Sha256") && error.getMessage().contains("None"),
                error.getMessage());
    }

    @Test
    void rejectsUrlsThatAreNotOpcTcp() {
        assertThrows(IllegalArgumentException.class, () -> OpcUaEndpoint.of("http://10.0.0.7:4840"));
        assertThrows(IllegalArgumentException.class, () -> OpcUaEndpoint.of("10.0.0.7:4840"));
        assertThrows(IllegalArgumentException.class,
                () -> OpcUaEndpoint.of("opc.tcp://10.0.0.7").withRequestTimeout(Duration.ZERO));
    }

    @Test
    void neverPrintsThePassword() {
        char[] secret = "s3cret!".toCharArray();
        OpcUaEndpoint endpoint = OpcUaEndpoint.of("opc.tcp://10.0.0.7:4840")
                .withCredentials(new UserCredentials("operator", secret));
        secret[0] = 'X';

        assertFalse(endpoint.toString().contains("s3cret"), endpoint.toString());
        assertTrue(endpoint.toString().contains("operator"));
        assertEquals("s3cret!", new String(endpoint.credentials().password()), "copied in, not shared");
    }
}
