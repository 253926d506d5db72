package io.edgeagent.agent.uplink;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets whose input refuses an MQTT packet above our Maximum Packet Size as soon as its fixed header
 * says so, before Paho sees it. Paho 1.2.5 allocates a packet's whole length right after reading its header
 * (MqttInputStream.readMqttWireMessage, before its own size check), so a broker that ignores the limit and
 * announces 256 MB would end a 64 MB heap. MQTT 5, 4.13: such a packet is a protocol error; the connection is
 * dropped instead, and with a clean start the broker does not send it again. TLS and WebSocket connections
 * rely on the broker keeping to the limit: their sockets carry records and frames, not the packets.
 */
final class PacketSizeGuard extends SocketFactory {

    private final long limit;

    PacketSizeGuard(long limit) {
        this.limit = limit;
    }

    /** The one Paho's TCP transport calls; it connects the socket itself. */
    @Override
    public Socket createSocket() {
        return new Socket() {
            private InputStream in;

            @Override
            public synchronized InputStream getInputStream() throws IOException {
                if (in == null) {
                    in = new PacketSizeCheck(super.getInputStream(), limit);
                }
                return in;
            }
        };
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(localHost, localPort), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(localAddress, localPort), new InetSocketAddress(address, port));
    }

    private Socket connected(InetSocketAddress to) throws IOException {
        Socket s = createSocket();
        s.connect(to);
        return s;
    }

    private Socket connected(InetSocketAddress from, InetSocketAddress to) throws IOException {
        Socket s = createSocket();
        s.bind(from);
        s.connect(to);
        return s;
    }

    /**
     * Follows the packets of the stream (fixed header: type byte, then the remaining length in one to four bytes)
     * and fails on a header that announces more than the limit. Header bytes are passed one at a time, so every
     * length is checked before any byte of its body is.
     */
    static final class PacketSizeCheck extends FilterInputStream {
        private final long limit;
        /** Body bytes of the current packet not yet passed on. */
        private long body;
        /** -1 before a packet's type byte, then how many bytes of its remaining length have been read. */
        private int lengthBytes = -1;
        private long length;

        PacketSizeCheck(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                see(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            if (count == 0) {
                return 0;
            }
            if (body > 0) {
                int n = super.read(buffer, offset, (int) Math.min(count, body));
                if (n > 0) {
                    body -= n;
                }
                return n;
            }
            int b = read();
            if (b < 0) {
                return -1;
            }
            buffer[offset] = (byte) b;
            return 1;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("skipping would lose track of the MQTT packets");
        }

        private void see(int b) throws IOException {
            if (body > 0) {
                body--;
                return;
            }
            if (lengthBytes < 0) {
                lengthBytes = 0;
                length = 0;
                return;
            }
            length |= (long) (b & 0x7F) << (7 * lengthBytes);
            lengthBytes++;
            if ((b & 0x80) != 0) {
                if (lengthBytes == 4) {
                    throw new IOException("the broker sent a malformed packet length");
                }
                return;
            }
            long size = 1 + lengthBytes + length;
            if (size > limit) {
                throw new IOException("the broker sent a packet of " + size + " bytes, over the agent's Maximum Packet"
                        + " Size of " + limit + " (MQTT 5, 3.1.2.11.4)");
            }
            body = length;
            lengthBytes = -1;
        }
    }
}
