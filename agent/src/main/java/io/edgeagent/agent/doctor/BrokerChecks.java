package io.edgeagent.agent.doctor;

import io.edgeagent.agent.text.Messages;
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
    private final Messages m;

    BrokerChecks(List<URI> urls, Messages messages) {
        this.urls = List.copyOf(urls);
        this.m = messages;
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

    private InetAddress resolve(URI url, ExecutorService dns, List<Finding> findings) {
        String host = url.getHost();
        Future<InetAddress[]> lookup = dns.submit(() -> InetAddress.getAllByName(host));
        try {
            InetAddress[] addresses = lookup.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!IP_LITERAL.matcher(host).matches()) {
                findings.add(Finding.ok(m.get("doctor.check.brokerDns"), m.get("doctor.brokerDns.resolves", host,
                        Arrays.stream(addresses).map(InetAddress::getHostAddress).distinct().toList())));
            }
            return addresses[0];
        } catch (ExecutionException e) {
            String detail = e.getCause() instanceof UnknownHostException ? m.get("doctor.brokerDns.unresolved", host, url)
                    : m.get("doctor.brokerDns.failed", host, url, e.getCause());
            findings.add(Finding.fail(m.get("doctor.check.brokerDns"), detail, m.get("doctor.brokerDns.unresolved.fix")));
        } catch (TimeoutException e) {
            lookup.cancel(true);
            findings.add(Finding.fail(m.get("doctor.check.brokerDns"), m.get("doctor.brokerDns.timeout", host,
                    TIMEOUT.toSeconds()), m.get("doctor.brokerDns.timeout.fix")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private Finding connect(URI url, InetAddress address) {
        InetSocketAddress target = new InetSocketAddress(address, url.getPort());
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(target, (int) TIMEOUT.toMillis());
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return Finding.ok(m.get("doctor.check.brokerTcp"), m.get("doctor.brokerTcp.accepts", url.getHost(),
                    url.getPort(), ms));
        } catch (IOException e) {
            return Finding.fail(m.get("doctor.check.brokerTcp"), m.get("doctor.brokerTcp.refuses", url.getHost(),
                    url.getPort(), address.getHostAddress(), e.getMessage()),
                    m.get("doctor.brokerTcp.refuses.fix", url.getPort()));
        }
    }
}
