package io.edgeagent.drivers.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetworkFaultsTest {

    private static final String WHERE = "tcp://10.0.0.7:502";

    @Test
    void findsTheNetworkFaultAnywhereInTheChain() {
        assertEquals(Optional.of("connection refused: " + WHERE), NetworkFaults.describe(
                new IOException("connect failed", new ConnectException("Connection refused")), WHERE));
        assertEquals(Optional.of("no route to host: " + WHERE),
                NetworkFaults.describe(new NoRouteToHostException("No route to host"), WHERE));
        assertEquals(Optional.of("cannot connect (Network is unreachable): " + WHERE),
                NetworkFaults.describe(new ConnectException("Network is\nunreachable"), WHERE));
    }

    @Test
    void aSocketTimeoutIsAConnectTimeoutOnlyWhenItSaysSo() {
        assertEquals(Optional.of("connect timed out: " + WHERE),
                NetworkFaults.describe(new SocketTimeoutException("Connect timed out"), WHERE));
        assertEquals(Optional.of("timed out: " + WHERE),
                NetworkFaults.describe(new SocketTimeoutException("Read timed out"), WHERE));
    }

    @Test
    void anythingElseIsLeftToTheProtocol() {
        assertEquals(Optional.empty(), NetworkFaults.describe(new IOException("CRC mismatch"), WHERE));
    }
}
