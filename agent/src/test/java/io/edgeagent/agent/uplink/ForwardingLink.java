package io.edgeagent.agent.uplink;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

/** A real broker link that a test watches or steers by overriding what it needs; the rest passes through. */
public class ForwardingLink implements BrokerLink {

    private final BrokerLink delegate;

    public ForwardingLink(BrokerLink delegate) {
        this.delegate = delegate;
    }

    @Override
    public Session connect(URI url, Message will, Duration sessionExpiry, Runnable onConnectionLost,
                           Consumer<Inbound> inbound) throws BrokerException {
        return delegate.connect(url, will, sessionExpiry, onConnectionLost, inbound);
    }

    @Override
    public void publish(Message message, Consumer<Throwable> done) throws BrokerException {
        delegate.publish(message, done);
    }

    @Override
    public void subscribe(String topicFilter) throws BrokerException {
        delegate.subscribe(topicFilter);
    }

    @Override
    public boolean isConnected() {
        return delegate.isConnected();
    }

    @Override
    public void disconnect(Duration timeout) {
        delegate.disconnect(timeout);
    }

    @Override
    public void disconnectWithWill(Duration timeout) {
        delegate.disconnectWithWill(timeout);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
