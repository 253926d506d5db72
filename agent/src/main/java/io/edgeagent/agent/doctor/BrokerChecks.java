package io.edgeagent.agent.doctor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Doctor's checks of each broker URL from this device: does its host name resolve, and does its port accept a
 * TCP connection. TLS and MQTT are the agent's to try; these are the two failures behind most "the cloud sees
 * nothing" calls.
 */
final class BrokerChecks {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:]+]?");

    private final List<URI> urls;

    BrokerChecks(List<URI> urls) {
        this.urls = List.copyOf(urls);
    }

    List<Finding> run() {
        List<Finding> findings = new ArrayList<>();
        // The JDK's resolver cannot be interrupted: a resolver that hangs costs a daemon thread, never the answer.
        ExecutorService dns = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "doctor-dns");
            t.setDaemon(true);
            return t;
        });
        try {
            for (URI url : urls) {
                InetAddress address = resolve(url, dns, findings);
                if (address != null) {
                    findings.add(connect(url, address));
                }
            }
        } finally {
            dns.shutdownNow();
        }
        return findings;
    }

    private static InetAddress resolve(URI url, ExecutorService dns, List<Finding> findings) {
        String host = url.getHost();
        Future<InetAddress[]> lookup = dns.submit(() -> InetAddress.getAllByName(host));
        try {
            InetAddress[] addresses = lookup.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!IP_LITERAL.matcher(host).matches()) {
                findings.add(Finding.ok("broker DNS", host + " resolves to " + Arrays.stream(addresses)
                        .map(InetAddress::getHostAddress).distinct().toList()));
            }
            return addresses[0];
        } catch (ExecutionException e) {
            String why = e.getCause() instanceof UnknownHostException ? "does not resolve" : e.getCause().toString();
            findings.add(Finding.fail("broker DNS", host + " (" + url + ") " + why,
                    "check the name in broker.urls and this device's DNS (resolvectl status, /etc/resolv.conf), or use the broker's IP address"));
        } catch (TimeoutException e) {
            lookup.cancel(true);
            findings.add(Finding.fail("broker DNS", host + " did not resolve within " + TIMEOUT.toSeconds() + " s",
                    "this device's DNS server does not answer: check /etc/resolv.conf and the network, or use the broker's IP address"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private static Finding connect(URI url, InetAddress address) {
        InetSocketAddress target = new InetSocketAddress(address, url.getPort());
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(target, (int) TIMEOUT.toMillis());
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return Finding.ok("broker TCP", url.getHost() + ":" + url.getPort() + " accepts connections (" + ms + " ms)");
        } catch (IOException e) {
            return Finding.fail("broker TCP", url.getHost() + ":" + url.getPort() + " (" + address.getHostAddress()
                    + ") does not accept connections: " + e.getMessage(),
                    "check that the broker runs and listens on port " + url.getPort()
                            + ", and that no firewall between here and there blocks it");
        }
    }
}
