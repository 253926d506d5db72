package io.edgeagent.drivers.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpcUaEndpointTest {

    @Test
    void takesHostAndPortFromTheUrlWithTheOpcUaDefaultPort() {
        assertEquals(4840, OpcUaEndpoint.of("opc.tcp://press-7/UA/Server").port());
        assertEquals("10.0.0.7", OpcUaEndpoint.of("opc.tcp://10.0.0.7:48010").host());
        assertEquals(48010, OpcUaEndpoint.of("opc.tcp://10.0.0.7:48010").port());
    }

    @Test
    void securityPolicyAndModeMustAgree() {
        Path pki = Path.of("/var/lib/edge-agent/pki/opcua");
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class, () ->
                OpcUaSecurity.secured("Basic256Sha256", "None", pki, "agent-1"));
        assertTrue(mismatch.getMessage().contains("Basic256Sha256 with mode None"), mismatch.getMessage());

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () ->
                OpcUaSecurity.secured("Basic512", "Sign", pki, "agent-1"));
        assertTrue(unknown.getMessage().contains("Aes256_Sha256_RsaPss"), unknown.getMessage());

        IllegalArgumentException deprecated = assertThrows(IllegalArgumentException.class, () ->
                OpcUaSecurity.secured("Basic128Rsa15", "SignAndEncrypt", pki, "agent-1"));
        assertTrue(deprecated.getMessage().contains("deprecated"), deprecated.getMessage());

        assertThrows(NullPointerException.class, () -> OpcUaSecurity.secured("Basic256Sha256", "Sign", null, "a"));
        assertThrows(IllegalArgumentException.class, () -> OpcUaSecurity.secured("Basic256Sha256", "Sign", pki,
                "agent 1"));
        for (String policy : List.of("Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss")) {
            for (String mode : List.of("Sign", "SignAndEncrypt")) {
                OpcUaSecurity security = OpcUaSecurity.secured(policy, mode, pki, "agent-1");
                assertTrue(security.isSecured());
                assertEquals(policy + "/" + mode, security.label());
                assertFalse(security.trustOnFirstUse(), "never on unless asked for");
            }
        }
        assertFalse(OpcUaEndpoint.of("opc.tcp://10.0.0.7:4840").security().isSecured());
    }

    @Test
    void trustOnFirstUseIsAnExplicitOptInForSecuredChannelsOnly() {
        Path pki = Path.of("/var/lib/edge-agent/pki/opcua");
        assertTrue(OpcUaSecurity.secured("Basic256Sha256", "Sign", pki, "agent-1").withTrustOnFirstUse(true)
                .trustOnFirstUse());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> OpcUaSecurity.INSECURE.withTrustOnFirstUse(true));
        assertTrue(none.getMessage().contains("trustOnFirstUse"), none.getMessage());
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
        assertEquals("s3cret!", new String(((UserCredentials) endpoint.credentials()).password()),
                "copied in, not shared");
    }
}
