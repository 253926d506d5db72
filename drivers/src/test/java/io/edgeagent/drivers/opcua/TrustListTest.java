package io.edgeagent.drivers.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trust list as the CLI sees it: files in directories, changed while a driver may be reading them. */
class TrustListTest {

    private static final TestCertificates.Issued PRESS = TestCertificates.selfSigned("press-7", "urn:press-7:ua");
    private static final TestCertificates.Issued MILL = TestCertificates.selfSigned("mill-2", "urn:mill-2:ua");
    private static final String PRESS_THUMBPRINT = CertificateInfo.thumbprint(PRESS.certificate());

    @TempDir
    private Path pki;
    private TrustList trustList;

    @BeforeEach
    void emptyTrustList() throws Exception {
        trustList = new TrustList(pki);
        trustList.createDirectories();
    }

    @Test
    void listsRejectedCertificatesWithWhatAnEngineerNeedsToDecide() throws Exception {
        trustList.reject(PRESS.certificate());
        trustList.reject(PRESS.certificate());

        CertificateInfo info = trustList.rejected().get(0);
        assertEquals(1, trustList.rejected().size(), "one file per certificate, however often it is refused");
        assertTrue(PRESS_THUMBPRINT.matches("[0-9A-F]{40}"), PRESS_THUMBPRINT);
        assertEquals(PRESS_THUMBPRINT, info.thumbprint());
        assertEquals("urn:press-7:ua", info.applicationUri());
        assertEquals(PRESS.certificate().getSubjectX500Principal().getName(), info.subject());
        assertEquals(PRESS.certificate().getNotAfter().toInstant(), info.notAfter());
        assertEquals(pki.resolve("rejected").resolve(PRESS_THUMBPRINT + ".der"), info.file());
        assertEquals(List.of(), trustList.trusted());
        assertEquals(Optional.empty(), trustList.own());
    }

    @Test
    void trustsByAPrefixOfEightHexDigitsInAnyCaseAndSpelling() throws Exception {
        trustList.reject(PRESS.certificate());
        trustList.reject(MILL.certificate());
        String spelled = PRESS_THUMBPRINT.substring(0, 2) + ":" + PRESS_THUMBPRINT.substring(2, 4) + " "
                + PRESS_THUMBPRINT.substring(4, 8).toLowerCase(Locale.ROOT);

        CertificateInfo trusted = trustList.trust(spelled);

        assertEquals(PRESS_THUMBPRINT, trusted.thumbprint());
        assertEquals(pki.resolve("trusted").resolve("certs").resolve(PRESS_THUMBPRINT + ".der"), trusted.file());
        assertEquals(List.of(PRESS_THUMBPRINT), thumbprints(trustList.trusted()));
        assertEquals(List.of(CertificateInfo.thumbprint(MILL.certificate())), thumbprints(trustList.rejected()));
        assertEquals(List.of(PRESS.certificate()), trustList.snapshot().trusted());
        assertEquals(trusted, trustList.trust(PRESS_THUMBPRINT), "trusting again changes nothing");
    }

    @Test
    void copiesOfOneCertificateAreNotAmbiguous() throws Exception {
        trustList.reject(PRESS.certificate());
        Files.write(trustList.rejectedDir().resolve("press-7-copy.der"), PRESS.certificate().getEncoded());

        trustList.trust(PRESS_THUMBPRINT.substring(0, 12));

        assertEquals(List.of(), trustList.rejected());
        assertEquals(List.of(PRESS_THUMBPRINT), thumbprints(trustList.trusted()));
    }

    @Test
    void refusesWhatIsNoThumbprintOrNamesNoRejectedCertificate() throws Exception {
        trustList.reject(MILL.certificate());

        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> trustList.trust(PRESS_THUMBPRINT.substring(0, 7)));
        assertTrue(tooShort.getMessage().contains("at least 8 of its 40 hex digits"), tooShort.getMessage());
        assertThrows(IllegalArgumentException.class, () -> trustList.trust("not-a-thumbprint"));

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> trustList.trust(PRESS_THUMBPRINT));
        String mill = CertificateInfo.thumbprint(MILL.certificate());
        assertEquals("no rejected certificate has a thumbprint starting with " + PRESS_THUMBPRINT + " (in "
                + trustList.rejectedDir() + "); rejected now: " + mill + " ("
                + MILL.certificate().getSubjectX500Principal().getName() + ")", unknown.getMessage());
        assertEquals(List.of(), trustList.trusted());
    }

    @Test
    void skipsFilesThatAreNotCertificatesAndWritesInProgress() throws Exception {
        Files.writeString(trustList.trustedDir().resolve("README.txt"), "put server certificates here");
        Files.write(trustList.trustedDir().resolve(".press.der.tmp"), PRESS.certificate().getEncoded());
        Files.writeString(trustList.trustedDir().resolve("mill.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(MILL.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");

        assertEquals(List.of(CertificateInfo.thumbprint(MILL.certificate())), thumbprints(trustList.trusted()));
        assertEquals(List.of(MILL.certificate()), trustList.snapshot().trusted());
    }

    @Test
    void showsTheAgentsOwnCertificateOnceItExists() throws Exception {
        ClientCertificate own = ClientCertificate.loadOrCreate(pki, "agent-1");

        assertEquals(own.thumbprint(), trustList.own().orElseThrow().thumbprint());
        assertEquals(own.applicationUri(), trustList.own().orElseThrow().applicationUri());
    }

    @Test
    void remembersWhatEachMachineTrustedOnFirstUse() throws Exception {
        trustList.recordFirstUse("press/7 ä", PRESS.certificate());

        assertEquals(Optional.of(PRESS_THUMBPRINT), trustList.firstUse("press/7 ä"));
        assertEquals(Optional.empty(), trustList.firstUse("press-7"));
        try (var files = Files.list(pki.resolve("first-use"))) {
            assertEquals(List.of("press%2F7%20%C3%A4"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    private static List<String> thumbprints(List<CertificateInfo> certificates) {
        return certificates.stream().map(CertificateInfo::thumbprint).toList();
    }
}
