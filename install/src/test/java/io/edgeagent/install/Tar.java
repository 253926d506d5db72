package io.edgeagent.install;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Reads the compressed tar archives inside a .deb (control.tar.gz, data.tar.xz) and the install tarball
 * (.tar.gz), so that the tests check the real bytes on every machine, with or without dpkg-deb and tar.
 * Knows ustar plus the GNU long-name and pax path records that jdeb and the assembly plugin write for long
 * paths.
 */
final class Tar {

    /** One archive entry; {@code path} is as stored, minus a leading "./". */
    record Entry(String path, char type, int mode, int uid, int gid, String user, String group, long size,
                 String linkTarget) {

        boolean isDirectory() {
            return type == '5';
        }

        boolean isFile() {
            return type == '0' || type == '\0';
        }
    }

    /** Receives each entry with a stream over its content (empty for anything but files). */
    interface Visitor {
        void visit(Entry entry, InputStream content) throws IOException;
    }

    private static final int BLOCK = 512;
    private static final byte[] XZ_MAGIC = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};

    private Tar() {
    }

    static List<Entry> list(InputStream compressed) throws IOException {
        List<Entry> entries = new ArrayList<>();
        read(compressed, (entry, content) -> entries.add(entry));
        return entries;
    }

    /** The content of the file at {@code path}, or null when the archive has no such file. */
    static byte[] content(InputStream compressed, String path) throws IOException {
        ByteArrayOutputStream found = new ByteArrayOutputStream();
        boolean[] seen = {false};
        read(compressed, (entry, content) -> {
            if (entry.isFile() && entry.path().equals(path)) {
                content.transferTo(found);
                seen[0] = true;
            }
        });
        return seen[0] ? found.toByteArray() : null;
    }

    /** Unpacks into {@code dir} with the archive's permission bits (owners stay the caller's). */
    static void extract(InputStream compressed, Path dir) throws IOException {
        read(compressed, (entry, content) -> {
            Path target = dir.resolve(entry.path()).normalize();
            if (!target.startsWith(dir)) {
                throw new IOException("entry outside the archive's root: " + entry.path());
            }
            if (entry.isDirectory()) {
                Files.createDirectories(target);
            } else if (entry.isFile()) {
                Files.createDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(target)) {
                    content.transferTo(out);
                }
                Files.setPosixFilePermissions(target, permissions(entry.mode()));
            } else if (entry.type() == '2') {
                Files.createDirectories(target.getParent());
                Files.createSymbolicLink(target, Path.of(entry.linkTarget()));
            }
        });
    }

    static void read(InputStream compressed, Visitor visitor) throws IOException {
        InputStream in = uncompressed(compressed);
        String longName = null;
        byte[] header = new byte[BLOCK];
        while (readBlock(in, header)) {
            if (isZero(header)) {
                return;
            }
            char type = (char) header[156];
            long size = octal(header, 124, 12);
            if (type == 'L' || type == 'x') {
                String text = new String(in.readNBytes((int) size), StandardCharsets.UTF_8);
                skipPadding(in, size);
                longName = type == 'L' ? text.replace("\0", "") : paxPath(text, longName);
                continue;
            }
            String name = longName != null ? longName : name(header);
            longName = null;
            String path = name.startsWith("./") ? name.substring(2) : name;
            if (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            // The mode field may carry the file type bits too (0100644): keep the permission bits.
            Entry entry = new Entry(path, type, (int) octal(header, 100, 8) & 07777, (int) octal(header, 108, 8),
                    (int) octal(header, 116, 8), text(header, 265, 32), text(header, 297, 32), size,
                    text(header, 157, 100));
            InputStream content = new Bounded(in, entry.isFile() ? size : 0);
            if (!path.isEmpty()) {
                visitor.visit(entry, content);
            }
            content.skip(Long.MAX_VALUE);
            if (entry.isFile()) {
                skipPadding(in, size);
            }
        }
    }

    /** gzip or xz, told by the stream's first bytes. */
    private static InputStream uncompressed(InputStream compressed) throws IOException {
        InputStream in = new BufferedInputStream(compressed, 1 << 16);
        in.mark(XZ_MAGIC.length);
        byte[] start = in.readNBytes(XZ_MAGIC.length);
        in.reset();
        if (start.length >= 2 && (start[0] & 0xff) == 0x1f && (start[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(in, 1 << 16);
        }
        if (Arrays.equals(start, XZ_MAGIC)) {
            return new XZInputStream(in);
        }
        throw new IOException("neither gzip nor xz: the archive starts with " + HexFormat.of().formatHex(start));
    }

    private static String name(byte[] header) {
        String name = text(header, 0, 100);
        // Only POSIX ustar ("ustar\0") has a name prefix there; old GNU tar ("ustar ") keeps other fields there.
        boolean posix = text(header, 257, 6).equals("ustar");
        String prefix = posix ? text(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** The {@code path} record of a pax header ("<len> path=<value>\n" lines), else what was known before. */
    private static String paxPath(String records, String otherwise) {
        for (String line : records.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.startsWith("path=", space + 1)) {
                return line.substring(space + 1 + "path=".length());
            }
        }
        return otherwise;
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new EOFException("tar archive ends inside a header");
        }
        return true;
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        long padding = (BLOCK - size % BLOCK) % BLOCK;
        in.skipNBytes(padding);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) {
        String digits = text(header, offset, length).trim();
        return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }

    /** A view of the next {@code remaining} bytes that never closes the archive stream under it. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long remaining;

        Bounded(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = Math.min(n, remaining);
            in.skipNBytes(skipped);
            remaining -= skipped;
            return skipped;
        }
    }
}
