package io.edgeagent.drivers.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.junit.jupiter.api.Test;

class FaultsTest {

    private static final String URL = "opc.tcp://10.0.0.7:4840";

    @Test
    void namesTheExpectedNetworkFaultsInOneLine() {
        UaException refused = new UaException(StatusCodes.Bad_ConnectionRejected,
                new ConnectException("Connection refused: /10.0.0.7:4840"));
        assertEquals("connection refused: " + URL, Faults.describe(refused, URL));
        assertEquals("connect timed out: " + URL,
                Faults.describe(new ConnectException("connection timed out: /10.0.0.7:4840"), URL));
        assertEquals("unknown host: " + URL, Faults.describe(new UnknownHostException("press-7"), URL));
        assertEquals("timed out: " + URL, Faults.describe(new UaException(StatusCodes.Bad_Timeout), URL));
    }

    @Test
    void otherwiseGivesTheStatusNameAndMessage() {
        UaException rejected = new UaException(StatusCodes.Bad_SecurityPolicyRejected, "only Basic256Sha256\nhere");

        assertEquals("Bad_SecurityPolicyRejected: " + URL + " (only Basic256Sha256 here)",
                Faults.describe(rejected, URL));
    }

    @Test
    void aRejectedServerCertificateIsReportedInItsOwnWords() {
        ServerCertificateRejected rejected = new ServerCertificateRejected(StatusCodes.Bad_CertificateUntrusted,
                "server certificate not trusted (thumbprint 3F2A, CN=press): run `edge-agent opcua trust 3F2A`");

        assertEquals(rejected.getMessage(), Faults.describe(rejected, URL));
        assertEquals(rejected.getMessage(), Faults.describe(new ExecutionException(rejected), URL));
    }
}
