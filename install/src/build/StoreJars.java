import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Copies every jar under FROM to the same path under TO with its entries stored instead of deflated (issue 17:
 * the .deb at most 25 MB). A jar deflates each class on its own; stored, the classes reach the package's xz as
 * they are, and xz finds what they share across classes and jars: 13 MB of package instead of 28 MB. Nothing
 * else changes: the same entries in the same order, byte for byte, with their names, times and comments, so
 * what runs is the upstream artefact and a signed jar (BouncyCastle's) still verifies.
 *
 * <p>Run by the install module's build (maven-antrun, `java StoreJars.java FROM TO`), so it needs nothing but
 * the JDK the build runs on.
 */
public final class StoreJars {

    private StoreJars() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java StoreJars.java FROM TO");
            System.exit(2);
        }
        Path from = Path.of(args[0]);
        Path to = Path.of(args[1]);
        List<Path> jars;
        try (Stream<Path> files = Files.walk(from)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        if (jars.isEmpty()) {
            throw new IOException("no jar under " + from);
        }
        for (Path jar : jars) {
            Path target = to.resolve(from.relativize(jar));
            Files.createDirectories(target.getParent());
            store(jar, target);
        }
    }

    private static void store(Path source, Path target) throws IOException {
        try (ZipFile in = new ZipFile(source.toFile());
             ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(target)))) {
            if (in.getComment() != null) {
                out.setComment(in.getComment());
            }
            for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                byte[] content;
                try (InputStream data = in.getInputStream(entry)) {
                    content = data.readAllBytes();
                }
                ZipEntry stored = new ZipEntry(entry.getName());
                // The local date and time as written, whatever the build machine's time zone: the same bytes on
                // every build.
                stored.setTimeLocal(entry.getTimeLocal());
                stored.setComment(entry.getComment());
                stored.setMethod(ZipEntry.STORED);
                stored.setSize(content.length);
                stored.setCompressedSize(content.length);
                CRC32 crc = new CRC32();
                crc.update(content);
                stored.setCrc(crc.getValue());
                out.putNextEntry(stored);
                out.write(content);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        }
    }
}
