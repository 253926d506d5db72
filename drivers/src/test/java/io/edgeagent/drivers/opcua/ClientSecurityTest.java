package io.edgeagent.drivers.opcua;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.ApplicationType;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.ApplicationDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's check of server certificates, on certificates made here: no server needed. */
class ClientSecurityTest {

    private static final String PRESS_URI = "urn:press-7:server";
    private static final TestCertificates.Issued PRESS = TestCertificates.selfSigned("press-7", PRESS_URI);
    private static final TestCertificates.Issued IMPOSTOR = TestCertificates.selfSigned("press-7", PRESS_URI);
    private static final TestCertificates.Issued PLANT_CA = TestCertificates.authority("plant CA");
    private static final TestCertificates.Issued ISSUED = TestCertificates.issuedBy(PLANT_CA, "press-9",
            "urn:press-9:server");

    @TempDir
    private Path pki;
    private TrustList trustList;

    @BeforeEach
    void emptyTrustList() throws Exception {
        trustList = new TrustList(pki);
        trustList.createDirectories();
    }

    @Test
    void anUnknownServerIsRejectedAndKeptWithAnEmptyTrustList() throws Exception {
        String thumbprint = CertificateInfo.thumbprint(PRESS.certificate());

        UaException rejected = assertThrows(ServerCertificateRejected.class,
                () -> open(false).checkAdvertised(advertised(PRESS, PRESS_URI)));

        assertEquals(StatusCodes.Bad_CertificateUntrusted, rejected.getStatusCode().getValue());
        assertEquals("server certificate not trusted (thumbprint " + thumbprint + ", CN=press-7): run "
                + "`edge-agent opcua trust " + thumbprint + "` to trust it", rejected.getMessage());
        assertEquals(List.of(pki.resolve("rejected").resolve(thumbprint + ".der")),
                trustList.rejected().stream().map(CertificateInfo::file).toList());
    }

    @Test
    void theChannelCheckRejectsTooAndNeverTrustsOnFirstUse() throws Exception {
        ClientSecurity security = open(true);

        assertThrows(ServerCertificateRejected.class,
                () -> security.validateCertificateChain(List.of(PRESS.certificate()), PRESS_URI, null));
        assertEquals(List.of(), trustList.trusted());
    }

    @Test
    void aTrustedServerPassesBothChecks() throws Exception {
        trustList.addTrusted(PRESS.certificate());
        ClientSecurity security = open(false);

        assertDoesNotThrow(() -> security.checkAdvertised(advertised(PRESS, PRESS_URI)));
        assertDoesNotThrow(() -> security.validateCertificateChain(List.of(PRESS.certificate()), PRESS_URI, null));
        assertEquals(List.of(), trustList.rejected());
    }

    @Test
    void aCertificateNamingAnotherApplicationIsRejectedEvenWhenTrusted() throws Exception {
        trustList.addTrusted(PRESS.certificate());

        UaException rejected = assertThrows(ServerCertificateRejected.class,
                () -> open(false).checkAdvertised(advertised(PRESS, "urn:press-8:server")));

        assertEquals(StatusCodes.Bad_CertificateUriInvalid, rejected.getStatusCode().getValue());
        assertTrue(rejected.getMessage().endsWith("its application URI " + PRESS_URI
                + " is not the server's urn:press-8:server"), rejected.getMessage());
    }

    @Test
    void trustOnFirstUseTrustsTheFirstCertificateOnlyAndSaysSoWhenAnotherComes() throws Exception {
        String first = CertificateInfo.thumbprint(PRESS.certificate());
        ClientSecurity security = open(true);

        security.checkAdvertised(advertised(PRESS, PRESS_URI));

        assertEquals(List.of(first), trustList.trusted().stream().map(CertificateInfo::thumbprint).toList());
        assertEquals(first, trustList.firstUse("press-7").orElseThrow());

        String second = CertificateInfo.thumbprint(IMPOSTOR.certificate());
        UaException rejected = assertThrows(ServerCertificateRejected.class,
                () -> open(true).checkAdvertised(advertised(IMPOSTOR, PRESS_URI)));
        assertEquals("server certificate not trusted (thumbprint " + second + ", CN=press-7; the one this machine"
                + " trusted on first use was " + first + "): run `edge-agent opcua trust " + second
                + "` to trust it", rejected.getMessage());
        assertEquals(List.of(first), trustList.trusted().stream().map(CertificateInfo::thumbprint).toList());
        assertDoesNotThrow(() -> open(true).checkAdvertised(advertised(PRESS, PRESS_URI)));
    }

    @Test
    void trustOnFirstUseIsPerMachineAndOffUnlessAskedFor() throws Exception {
        assertThrows(ServerCertificateRejected.class, () -> open(false).checkAdvertised(advertised(PRESS, PRESS_URI)));
        assertEquals(List.of(), trustList.trusted());

        ClientSecurity.open("press-8", settings(true)).checkAdvertised(advertised(IMPOSTOR, PRESS_URI));
        assertThrows(ServerCertificateRejected.class, () -> open(false).checkAdvertised(advertised(PRESS, PRESS_URI)));
        assertTrue(trustList.firstUse("press-7").isEmpty());
        assertDoesNotThrow(() -> open(true).checkAdvertised(advertised(PRESS, PRESS_URI)),
                "press-7 never used its first trust");
    }

    @Test
    void aTrustedCaVouchesForTheCertificatesItIssued() throws Exception {
        trustList.addTrusted(PLANT_CA.certificate());

        assertDoesNotThrow(() -> open(false).checkAdvertised(advertised(ISSUED, "urn:press-9:server")));
    }

    @Test
    void aTrustedCertificateFromACaNeedsTheCaAmongTheIssuers() throws Exception {
        trustList.addTrusted(ISSUED.certificate());

        UaException rejected = assertThrows(ServerCertificateRejected.class,
                () -> open(false).checkAdvertised(advertised(ISSUED, "urn:press-9:server")));
        assertTrue(rejected.getMessage().endsWith("it is trusted, but not self-signed, and the CA that issued it"
                + " (CN=plant CA) is in neither " + trustList.trustedDir() + " nor " + trustList.issuersDir()),
                rejected.getMessage());

        Files.write(trustList.issuersDir().resolve("plant-ca.der"), PLANT_CA.certificate().getEncoded());
        assertDoesNotThrow(() -> open(false).checkAdvertised(advertised(ISSUED, "urn:press-9:server")));
    }

    @Test
    void aCertificateFromAnUnknownCaIsRejectedAsUntrusted() throws Exception {
        trustList.addTrusted(PRESS.certificate());
        Files.write(trustList.issuersDir().resolve("plant-ca.der"), PLANT_CA.certificate().getEncoded());
        TestCertificates.Issued other = TestCertificates.issuedBy(TestCertificates.authority("other CA"), "press-10",
                "urn:press-10:server");

        UaException rejected = assertThrows(ServerCertificateRejected.class,
                () -> open(false).checkAdvertised(advertised(other, "urn:press-10:server")));

        assertEquals(StatusCodes.Bad_CertificateUntrusted, rejected.getStatusCode().getValue());
        assertEquals(List.of(CertificateInfo.thumbprint(other.certificate())),
                trustList.rejected().stream().map(CertificateInfo::thumbprint).toList());
    }

    @Test
    void explainsAChannelTheServerRefusedWithTheAgentsCertificate() throws Exception {
        ClientSecurity security = open(false);
        String own = ClientCertificate.loadOrCreate(pki, "ignored").thumbprint();

        assertEquals("Bad_SecurityChecksFailed: u; if the server does not trust the agent yet, add "
                        + pki.resolve("own").resolve("cert.der") + " (thumbprint " + own + ") to its trusted"
                        + " certificates",
                security.explain(new UaException(StatusCodes.Bad_SecurityChecksFailed), "Bad_SecurityChecksFailed: u"));
        assertEquals("timed out: u", security.explain(new UaException(StatusCodes.Bad_Timeout), "timed out: u"));
        assertEquals("mine", security.explain(new ServerCertificateRejected(StatusCodes.Bad_SecurityChecksFailed,
                "mine"), "mine"));
    }

    private ClientSecurity open(boolean trustOnFirstUse) throws Exception {
        return ClientSecurity.open("press-7", settings(trustOnFirstUse));
    }

    private OpcUaSecurity settings(boolean trustOnFirstUse) {
        return OpcUaSecurity.secured("Basic256Sha256", "SignAndEncrypt", pki, "agent-1")
                .withTrustOnFirstUse(trustOnFirstUse);
    }

    private static EndpointDescription advertised(TestCertificates.Issued server, String applicationUri)
            throws Exception {
        ApplicationDescription application = new ApplicationDescription(applicationUri, "urn:tests",
                LocalizedText.english("press"), ApplicationType.Server, null, null, new String[0]);
        return new EndpointDescription("opc.tcp://press-7:4840", application,
                ByteString.of(server.certificate().getEncoded()), MessageSecurityMode.SignAndEncrypt,
                SecurityPolicy.Basic256Sha256.getUri(), new UserTokenPolicy[0],
                "http://opcfoundation.org/UA-Profile/Transport/uatcp-uasc-uabinary", null);
    }
}
