package io.edgeagent.install;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A .deb as dpkg sees it: an ar archive of {@code debian-binary}, {@code control.tar.gz} and the data archive,
 * {@code data.tar.xz} here. Read with plain Java so the checks run where dpkg-deb does not.
 */
final class Deb {

    /** Where a member's bytes are in the file. */
    private record Member(long offset, long size) {
    }

    private static final String AR_MAGIC = "!<arch>\n";
    private static final int AR_HEADER = 60;
    /** The data member's name, which dpkg-deb goes by to choose the decompressor. */
    static final String DATA = "data.tar.xz";

    final Path file;
    private final Map<String, Member> members;

    private Deb(Path file, Map<String, Member> members) {
        this.file = file;
        this.members = members;
    }

    static Deb open(Path file) throws IOException {
        Map<String, Member> members = new LinkedHashMap<>();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            byte[] magic = new byte[AR_MAGIC.length()];
            raf.readFully(magic);
            if (!AR_MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
                throw new IOException(file + " is not an ar archive");
            }
            byte[] header = new byte[AR_HEADER];
            while (raf.getFilePointer() < raf.length()) {
                raf.readFully(header);
                String name = new String(header, 0, 16, StandardCharsets.US_ASCII).trim();
                if (name.endsWith("/")) {
                    name = name.substring(0, name.length() - 1);
                }
                long size = Long.parseLong(new String(header, 48, 10, StandardCharsets.US_ASCII).trim());
                members.put(name, new Member(raf.getFilePointer(), size));
                raf.seek(raf.getFilePointer() + size + (size % 2));
            }
        }
        return new Deb(file, members);
    }

    /** Member names in archive order; dpkg wants debian-binary first. */
    List<String> memberNames() {
        return List.copyOf(members.keySet());
    }

    byte[] memberBytes(String name) throws IOException {
        try (InputStream in = member(name)) {
            return in.readAllBytes();
        }
    }

    /** A stream over one member; the caller closes it. */
    InputStream member(String name) throws IOException {
        Member m = members.get(name);
        if (m == null) {
            throw new IOException(file + " has no member " + name + "; it has " + members.keySet());
        }
        RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r");
        raf.seek(m.offset());
        InputStream whole = Channels.newInputStream(raf.getChannel());
        return new FilterInputStream(whole) {
            private long remaining = m.size();

            @Override
            public int read() throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                remaining--;
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, remaining));
                if (n > 0) {
                    remaining -= n;
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                raf.close();
            }
        };
    }

    /** The data archive, the files the package installs, still compressed; the caller closes it. */
    InputStream data() throws IOException {
        return member(DATA);
    }

    List<Tar.Entry> dataEntries() throws IOException {
        try (InputStream in = data()) {
            return Tar.list(in);
        }
    }

    /** A file the package installs, or null. */
    byte[] dataFile(String path) throws IOException {
        try (InputStream in = data()) {
            return Tar.content(in, path);
        }
    }

    List<Tar.Entry> controlEntries() throws IOException {
        try (InputStream in = new ByteArrayInputStream(memberBytes("control.tar.gz"))) {
            return Tar.list(in);
        }
    }

    /** A file of the control archive (control, conffiles, postinst ...) as text, or null. */
    String controlFile(String name) throws IOException {
        try (InputStream in = new ByteArrayInputStream(memberBytes("control.tar.gz"))) {
            byte[] content = Tar.content(in, name);
            return content == null ? null : new String(content, StandardCharsets.UTF_8);
        }
    }

    /** The control file's fields; a continuation line (leading space) belongs to the field above it. */
    Map<String, String> controlFields() throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        String last = null;
        for (String line : controlFile("control").split("\n")) {
            if (line.startsWith(" ") && last != null) {
                fields.merge(last, "\n" + line, String::concat);
            } else if (line.contains(":")) {
                last = line.substring(0, line.indexOf(':'));
                fields.put(last, line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return fields;
    }
}
