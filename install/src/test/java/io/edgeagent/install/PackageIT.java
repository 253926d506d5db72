package io.edgeagent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The .deb itself: what dpkg reads from it before anything runs (control fields, files, modes). */
class PackageIT {

    private static final String LIB = "usr/share/edge-agent/lib/";
    private static final String DOC = "usr/share/doc/edge-agent/";

    private static Deb deb;
    private static List<Tar.Entry> data;

    @BeforeAll
    static void open() throws IOException {
        assertTrue(Files.isRegularFile(Build.DEB), Build.DEB + " was not built: run `mvn verify`");
        deb = Deb.open(Build.DEB);
        data = deb.dataEntries();
    }

    @Test
    void isADebianBinaryPackage() throws IOException {
        assertEquals(List.of("debian-binary", "control.tar.gz", Deb.DATA), deb.memberNames());
        assertEquals("2.0\n", new String(deb.memberBytes("debian-binary"), StandardCharsets.US_ASCII));
    }

    @Test
    void controlFieldsDescribeAnArchitectureIndependentServiceOnAJava17Runtime() throws IOException {
        Map<String, String> fields = deb.controlFields();
        assertEquals("edge-agent", fields.get("Package"));
        assertEquals(Build.DEB_VERSION, fields.get("Version"));
        assertEquals("all", fields.get("Architecture"));
        // The distribution's default runtime where it is 17 or newer, else any package providing Java 17;
        // adduser makes the service user in postinst.
        assertEquals("default-jre-headless (>= 2:1.17) | java17-runtime-headless, adduser", fields.get("Depends"));
        assertFalse(fields.getOrDefault("Maintainer", "").isBlank(), "Maintainer is required");
        assertTrue(fields.getOrDefault("Installed-Size", "").matches("\\d+"), "Installed-Size: " + fields);
        assertTrue(fields.getOrDefault("Description", "").contains("\n "), "a synopsis and a long description");
    }

    @Test
    void versionIsALegalDebianVersionThatSortsASnapshotBeforeItsRelease() throws IOException, InterruptedException {
        assertTrue(Build.DEB_VERSION.matches("[0-9][A-Za-z0-9.+~]*"), Build.DEB_VERSION);
        if (Build.VERSION.endsWith("-SNAPSHOT")) {
            Build.requireTool("dpkg", "comparing Debian versions");
            String release = Build.VERSION.substring(0, Build.VERSION.length() - "-SNAPSHOT".length());
            Build.Result compared = Build.run(List.of("dpkg", "--compare-versions", Build.DEB_VERSION, "lt", release));
            assertEquals(0, compared.exit(), Build.DEB_VERSION + " must sort before " + release);
        }
    }

    /**
     * Debian Policy 5.6.20: Installed-Size is the installed size in bytes divided by 1024, rounded up. jdeb
     * rounds down, so the two may be 1 apart; anything more would mean the field is not what the package holds
     * (74 MB since the jars are stored, see {@link #jarsAreTheUpstreamArtefactsWithTheirEntriesStored}).
     */
    @Test
    void installedSizeIsWhatTheFilesTake() throws IOException {
        long bytes = data.stream().filter(Tar.Entry::isFile).mapToLong(Tar.Entry::size).sum();
        long kib = Long.parseLong(deb.controlFields().get("Installed-Size"));
        long roundedUp = (bytes + 1023) / 1024;
        assertTrue(kib == roundedUp || kib == roundedUp - 1,
                "Installed-Size: " + kib + " KiB, the files take " + bytes + " bytes (" + roundedUp + " KiB)");
    }

    /**
     * The jars are repacked with their entries stored so that the package's xz compresses across classes (issue 17:
     * at most 25 MB); what runs must still be the upstream artefacts: the same entries in the same order, byte for
     * byte, and a signed jar (BouncyCastle's provider) still verifying, as the JVM checks it when it loads a class.
     */
    @Test
    void jarsAreTheUpstreamArtefactsWithTheirEntriesStored() throws IOException {
        Path upstream = Build.TARGET.resolve("upstream");
        Path installed = Build.debRoot().resolve("usr/share/edge-agent");
        List<String> jars = data.stream().filter(Tar.Entry::isFile).map(Tar.Entry::path)
                .filter(p -> p.endsWith(".jar")).map(p -> p.substring("usr/share/edge-agent/".length()))
                .sorted().toList();
        assertTrue(jars.contains("edge-agent.jar") && jars.stream().anyMatch(j -> j.startsWith("lib/bcprov-")),
                "the jars: " + jars);
        int signed = 0;
        for (String jar : jars) {
            assertEquals(entries(upstream.resolve(jar)), entries(installed.resolve(jar)),
                    jar + " against the upstream artefact");
            try (ZipFile zip = new ZipFile(installed.resolve(jar).toFile())) {
                List<String> deflated = zip.stream().filter(e -> e.getMethod() != ZipEntry.STORED)
                        .map(ZipEntry::getName).limit(5).toList();
                assertTrue(deflated.isEmpty(), jar + " has deflated entries: " + deflated);
            }
            List<String> signedClasses = signedClasses(installed.resolve(jar));
            assertEquals(signedClasses(upstream.resolve(jar)), signedClasses, jar + ": the classes signed upstream");
            signed += signedClasses.isEmpty() ? 0 : 1;
        }
        assertTrue(signed > 0, "bcprov at least is signed, and was checked");
    }

    /** Each entry's name and the SHA-256 of its bytes, in the jar's order. */
    private static List<String> entries(Path jar) throws IOException {
        List<String> entries = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    entries.add(e.getName() + " " + HexFormat.of().formatHex(sha256(in.readAllBytes())));
                }
            }
        }
        return entries;
    }

    /**
     * The classes the JVM takes as signed, read through a verifying JarFile as the class loader does (a changed
     * byte throws SecurityException). Paho's jar is signed with SHA-1, which Java 17 treats as unsigned: it counts
     * by what the JDK accepts, the same for the upstream jar and the packaged one.
     */
    private static List<String> signedClasses(Path file) throws IOException {
        List<String> signed = new ArrayList<>();
        try (JarFile jar = new JarFile(file.toFile(), true)) {
            for (JarEntry e : Collections.list(jar.entries())) {
                try (InputStream in = jar.getInputStream(e)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                if (e.getName().endsWith(".class") && e.getCodeSigners() != null) {
                    signed.add(e.getName());
                }
            }
        }
        return signed;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void onlyTheConfigIsAConffile() throws IOException {
        assertEquals("/etc/edge-agent/agent.yaml\n", deb.controlFile("conffiles"));
    }

    @Test
    void maintainerScriptsAreTheSourcesAndExecutable() throws IOException {
        Map<String, Integer> modes = deb.controlEntries().stream()
                .collect(Collectors.toMap(Tar.Entry::path, Tar.Entry::mode));
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertEquals(0755, modes.get(script), script + " mode");
            assertEquals(Files.readString(Build.MODULE.resolve("deb").resolve(script)), deb.controlFile(script), script);
        }
    }

    @Test
    void installsExactlyTheProgramLauncherConfigUnitsAndDocsOwnedByRoot() throws IOException {
        Map<String, Integer> expected = new TreeMap<>(Map.of(
                "usr/share/edge-agent/edge-agent.jar", 0644,
                "usr/bin/edge-agent", 0755,
                "usr/lib/edge-agent/edge-agent-firstboot", 0755,
                "etc/edge-agent/agent.yaml", 0644,
                "lib/systemd/system/edge-agent.service", 0644,
                "lib/systemd/system/edge-agent-firstboot.service", 0644,
                "usr/share/doc/edge-agent/copyright", 0644,
                "usr/share/doc/edge-agent/changelog.gz", 0644,
                "usr/share/doc/edge-agent/README.md", 0644,
                "usr/share/doc/edge-agent/edge-agent.schema.json", 0644));
        // Every example and every guide of the source tree, so that a new one cannot be left out of the package.
        shippedTree("config/examples", "examples", p -> true).forEach(p -> expected.put(p, 0644));
        List<String> guides = shippedTree("docs", "docs", p -> p.toString().endsWith(".md"));
        guides.forEach(p -> expected.put(p, 0644));
        assertTrue(guides.containsAll(List.of(DOC + "docs/capacity.md", DOC + "docs/opcua.md",
                DOC + "docs/modbus-and-gpio.md", DOC + "docs/benchmarks.md")), "the guides: " + guides);
        assertTrue(guides.stream().anyMatch(p -> p.startsWith(DOC + "docs/zh/")), "the Chinese guide: " + guides);

        Map<String, Integer> files = new TreeMap<>();
        for (Tar.Entry e : data) {
            assertEquals(List.of(0, 0, "root", "root"), List.of(e.uid(), e.gid(), e.user(), e.group()), e.path());
            if (e.isDirectory()) {
                assertEquals(0755, e.mode(), e.path());
            } else {
                assertTrue(e.isFile(), "only files and folders: " + e);
                if (!e.path().startsWith(LIB)) {
                    files.put(e.path(), e.mode());
                } else {
                    assertTrue(e.path().endsWith(".jar") && e.mode() == 0644, e.toString());
                }
            }
        }
        Build.assertSameEntries(expected, files, "files (path: mode) outside lib/");
        // The data dir and secrets belong to the service user, who exists only after postinst.
        assertTrue(data.stream().noneMatch(e -> e.path().startsWith("var/")), "nothing under /var in the package");
    }

    /** The files under {@code source} (from the checkout's root) as the package lays them out under {@code under}. */
    private static List<String> shippedTree(String source, String under, Predicate<Path> include) throws IOException {
        Path root = Build.MODULE.resolve("..").resolve(source);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(include)
                    .map(p -> DOC + under + "/" + root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    @Test
    void everyDocumentAShippedFileNamesIsInThePackage() throws IOException {
        Set<String> paths = data.stream().map(Tar.Entry::path).collect(Collectors.toSet());
        Pattern docPath = Pattern.compile("/usr/share/doc/edge-agent/[\\w./-]*[\\w]");
        // The checkout's docs/x.md, as the unit's and the launcher's comments name them.
        Pattern checkoutDoc = Pattern.compile("(?<![\\w./])docs/[\\w/-]+\\.md");
        Map<String, String> missing = new TreeMap<>();
        for (Tar.Entry e : data) {
            if (!e.isFile() || e.path().startsWith(LIB) || e.path().endsWith(".jar") || e.path().endsWith(".gz")) {
                continue;
            }
            // From the package unpacked once: xz takes seconds to reach a file at the end of 70 MB.
            String text = Files.readString(Build.debRoot().resolve(e.path()));
            docPath.matcher(text).results().map(m -> m.group().substring(1))
                    .filter(p -> !paths.contains(p))
                    .forEach(p -> missing.put(p, e.path()));
            if (!e.path().startsWith(DOC)) {
                checkoutDoc.matcher(text).results().map(m -> DOC + m.group())
                        .filter(p -> !paths.contains(p))
                        .forEach(p -> missing.put(p, e.path()));
            }
        }
        assertTrue(missing.isEmpty(), "named in the package but not in it (document: named by): " + missing);
    }

    /** A Markdown link's target that is a path: not a URL, not an anchor on the same page. */
    private static final Pattern RELATIVE_LINK = Pattern.compile("\\]\\((?![a-z]+:|#)([^)\\s#]+)(?:#[^)]*)?\\)");

    /** Issue 21: a guide read on the device links to files beside it there, not to where they were in the checkout. */
    @Test
    void everyRelativeLinkInAShippedDocumentResolvesInThePackage() throws IOException {
        Set<String> paths = data.stream().map(Tar.Entry::path).collect(Collectors.toSet());
        Map<String, String> broken = new TreeMap<>();
        for (Tar.Entry e : data) {
            if (e.isFile() && e.path().startsWith(DOC) && e.path().endsWith(".md")) {
                String text = new String(deb.dataFile(e.path()), StandardCharsets.UTF_8);
                Path dir = Path.of(e.path()).getParent();
                RELATIVE_LINK.matcher(text).results().map(m -> m.group(1))
                        .filter(link -> !paths.contains(dir.resolve(link).normalize().toString()))
                        .forEach(link -> broken.put(e.path() + " -> " + link, dir.resolve(link).normalize().toString()));
            }
        }
        assertTrue(broken.isEmpty(), "links that lead nowhere on the device (document -> link: resolved): " + broken);
    }

    @Test
    void libHoldsExactlyTheJarsTheAgentsManifestNames() throws IOException {
        Manifest manifest;
        try (JarInputStream jar = new JarInputStream(
                Files.newInputStream(Build.debRoot().resolve("usr/share/edge-agent/edge-agent.jar")))) {
            manifest = jar.getManifest();
        }
        assertEquals("io.edgeagent.agent.cli.Main", manifest.getMainAttributes().getValue("Main-Class"));
        // The JVM skips a Class-Path entry that is missing, so a forgotten jar would only fail at run time.
        Set<String> named = Arrays.stream(manifest.getMainAttributes().getValue("Class-Path").trim().split("\\s+"))
                .map(entry -> "usr/share/edge-agent/" + entry)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> shipped = data.stream().filter(Tar.Entry::isFile).map(Tar.Entry::path)
                .filter(p -> p.startsWith(LIB))
                .collect(Collectors.toCollection(TreeSet::new));
        Build.assertSameEntries(named.stream().collect(Collectors.toMap(p -> p, p -> "named in Class-Path")),
                shipped.stream().collect(Collectors.toMap(p -> p, p -> "named in Class-Path")), "lib/ against Class-Path");
    }

    @Test
    void tarballCarriesTheSameFilesWithTheSameModes() throws IOException {
        String files = "edge-agent-" + Build.VERSION + "/files/";
        Map<String, Integer> inTarball = new TreeMap<>();
        Map<String, Integer> top = new TreeMap<>();
        try (InputStream in = Files.newInputStream(Build.TARBALL)) {
            for (Tar.Entry e : Tar.list(in)) {
                if (e.isFile() && e.path().startsWith(files)) {
                    inTarball.put(e.path().substring(files.length()), e.mode());
                } else if (e.isFile()) {
                    top.put(e.path(), e.mode());
                }
            }
        }
        Map<String, Integer> inDeb = data.stream().filter(Tar.Entry::isFile)
                .collect(Collectors.toMap(Tar.Entry::path, Tar.Entry::mode, (a, b) -> a, TreeMap::new));
        Build.assertSameEntries(inDeb, inTarball, "tarball files/ against the package (path: mode)");
        assertEquals(0755, top.get("edge-agent-" + Build.VERSION + "/install.sh"), "install.sh beside files/: " + top);
    }

    @Test
    void dpkgDebReadsTheSamePackage() throws IOException, InterruptedException {
        Build.requireTool("dpkg-deb", "checking the package with dpkg-deb (the pure-Java checks above still ran)");
        Build.Result info = Build.run(List.of("dpkg-deb", "--info", Build.DEB.toString()));
        assertEquals(0, info.exit(), info.toString());
        Build.Result fields = Build.run(List.of("dpkg-deb", "--field", Build.DEB.toString(), "Package", "Version"));
        assertEquals("Package: edge-agent\nVersion: " + Build.DEB_VERSION + "\n", fields.out());
        Build.Result contents = Build.run(List.of("dpkg-deb", "--contents", Build.DEB.toString()));
        assertEquals(0, contents.exit(), contents.toString());
        Set<String> listed = contents.out().lines()
                .map(line -> line.substring(line.lastIndexOf(" ./") + 3).replaceAll("/$", ""))
                .filter(p -> !p.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        Build.assertSameEntries(data.stream().collect(Collectors.toMap(Tar.Entry::path, e -> "listed")),
                listed.stream().collect(Collectors.toMap(p -> p, p -> "listed")), "dpkg-deb --contents against our reader");
    }

    @Test
    void lintianFindsNoErrors() throws IOException, InterruptedException {
        Build.requireTool("lintian", "Debian policy checks of the package");
        Build.Result lintian = Build.run(List.of("lintian", "--fail-on", "error", "--no-tag-display-limit",
                Build.DEB.toString()));
        System.err.println("[install tests] lintian:\n" + lintian.both());
        assertEquals(0, lintian.exit(), lintian.toString());
    }
}
