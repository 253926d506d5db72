package io.edgeagent.agent.uplink;

import io.edgeagent.agent.buffer.BufferUnavailableException;
import io.edgeagent.agent.buffer.MessageClass;
import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.buffer.OutgoingMessage;
import io.edgeagent.agent.feed.CommandTopics;
import io.edgeagent.agent.feed.FeedSession;
import io.edgeagent.agent.feed.SessionMessage;
import io.edgeagent.agent.feed.UplinkStatus;
import io.edgeagent.drivers.net.RetryBackoff;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves committed outbox messages to the broker, at least once: live messages first (events, then
 * telemetry), and the backlog left from before the connection (marked historical) in sequence order at
 * the backfill rate. A QoS 1 message is deleted from the outbox only on its PUBACK; a lost connection
 * rewinds to the oldest unacknowledged message. Around each session it publishes what the {@link FeedSession} renders
 * (Last Will, births once the feed is ready, deaths at an orderly stop) and carries out what the feed asks (a rebirth,
 * leaving for the next broker). Owns three threads: {@code mqtt-uplink}, which publishes,
 * {@code mqtt-commands}, which carries out the platform's requests, and {@code mqtt-replies}, which answers them.
 */
public final class Uplink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Uplink.class);
    /** The fixed header, packet id and the properties the link adds (content type, format, user property). */
    private static final int PACKET_OVERHEAD = 96;
    private static final int HISTORICAL_OVERHEAD = 20;
    /** Paho 1.2.5 has no in-flight limit of its own; staying at or below 10 also fits HiveMQ CE's default. */
    private static final int MAX_IN_FLIGHT = 10;
    private static final Duration IDLE_WAIT = Duration.ofMillis(500);
    /** Rows read from the buffer at once, and the most QoS 0 publishes handed to the client unsent. */
    private static final int PREFETCH = 500;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);
    /**
     * Requests waiting for the command thread. A request takes milliseconds (the capacity engine's part runs on
     * the ingest thread), so more than this waiting means a flood: the rest are answered busy at once.
     */
    static final int COMMAND_QUEUE = 32;
    /** Answers waiting for room in the QoS 1 window; more are not sent, and their requesters ask again. */
    private static final int REPLY_QUEUE = 64;

    private final BrokerLink link;
    private final Outbox outbox;
    private final FeedSession feed;
    /** Where the platform's commands arrive and are answered; {@code null} for an agent that takes none. */
    private final CommandTopics commandTopics;
    private final List<URI> brokers;
    private final Clock clock;
    private final CommandHandler commands;
    private final Throttle backfill;
    private final long telemetryExpirySeconds;
    private final Duration sessionExpiry;
    private final RetryBackoff backoff;
    private final Thread thread;
    /** Carries out requests, so that nothing a request does can hold up or throw on the MQTT client's thread. */
    private final ExecutorService commandThread;
    private final ExecutorService replies;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final RetainedPicture picture = new RetainedPicture();
    /** Messages the broker will never take; their rows are being deleted, a rewind must not send them again. */
    private final Set<Long> refused = ConcurrentHashMap.newKeySet();
    /** Connections made after the first one since start. */
    private final AtomicLong reconnects = new AtomicLong();
    /** Outbox messages the broker took, by class, since start; what the status and the metrics count as published. */
    private final Map<MessageClass, AtomicLong> published = new EnumMap<>(Map.of(MessageClass.EVENT, new AtomicLong(),
            MessageClass.TELEMETRY, new AtomicLong()));
    /** The broker connection as {@link #status} shows it; replaced whole on every change. */
    private volatile Connection connection;
    private volatile boolean rewind;
    private volatile boolean rebirthRequested;
    /**
     * Set when something may need the publisher at once (a message for the feed's session, such as a rebirth command
     * or the primary host's state; a rebirth request; a stop), so that it does not sit out its idle wait.
     */
    private volatile boolean nudged;
    /** The birth-and-death number of the current (or last) connection: its Last Will, birth and offline status. */
    private volatile long bdSeq;
    /** The current session's QoS 1 window, shared by everything published in it. */
    private volatile Semaphore inflight = new Semaphore(1);
    private boolean connectedBefore;
    /** Where the next round of connection attempts starts in the broker list: after one left, the next one. */
    private int startAt;

    public Uplink(BrokerLink link, Outbox outbox, FeedSession feed, List<URI> brokers, Clock clock) {
        this(link, outbox, feed, brokers, clock, null);
    }

    /**
     * @param commands carries out the platform's commands; {@code null} for an agent that takes none, and for a
     *                 feed that carries none (its {@link FeedSession#commandTopics} is empty)
     */
    public Uplink(BrokerLink link, Outbox outbox, FeedSession feed, List<URI> brokers, Clock clock,
                  CommandHandler commands) {
        this(link, outbox, feed, brokers, clock, commands, UplinkSettings.DEFAULT);
    }

    /** @param settings the backfill rate and the telemetry's message expiry */
    public Uplink(BrokerLink link, Outbox outbox, FeedSession feed, List<URI> brokers, Clock clock,
                  CommandHandler commands, UplinkSettings settings) {
        if (brokers.isEmpty()) {
            throw new IllegalArgumentException("at least one broker URL is needed");
        }
        this.link = Objects.requireNonNull(link);
        this.outbox = Objects.requireNonNull(outbox);
        this.feed = Objects.requireNonNull(feed);
        this.brokers = List.copyOf(brokers);
        this.clock = Objects.requireNonNull(clock);
        this.commands = commands;
        this.commandTopics = commands == null ? null : feed.commandTopics().orElseThrow(
                () -> new IllegalArgumentException("the feed carries no platform commands"));
        this.backfill = new Throttle(settings.backfillPerSecond(), System::nanoTime);
        this.telemetryExpirySeconds = settings.telemetryExpiry().toSeconds();
        this.sessionExpiry = settings.sessionExpiry();
        this.backoff = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Math::random);
        this.connection = new Connection(false, this.brokers.get(0), clock.instant(), null);
        String suffix = feed.threadSuffix().isEmpty() ? "" : "-" + feed.threadSuffix();
        this.thread = new Thread(this::run, "mqtt-uplink" + suffix);
        this.commandThread = singleThread("mqtt-commands" + suffix, COMMAND_QUEUE);
        this.replies = singleThread("mqtt-replies" + suffix, REPLY_QUEUE);
    }

    public void start() {
        thread.start();
    }

    private static ExecutorService singleThread(String name, int queue) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
                r -> new Thread(r, name));
    }

    public UplinkStatus status() {
        Connection c = connection;
        return new UplinkStatus(c.connected(), c.broker(), c.since(), c.lastError(), bdSeq, reconnects.get(),
                published.get(MessageClass.EVENT).get(), published.get(MessageClass.TELEMETRY).get());
    }

    /**
     * Asks for the birth and every retained message to be published again (the {@code rebirth} command);
     * done on the uplink's thread, at once when connected, else on the next connect anyway.
     *
     * @return how many retained messages will be republished besides the birth
     */
    public int requestRebirth() {
        rebirthRequested = true;
        nudge();
        return picture.entries().size();
    }

    private void run() {
        while (stopRequested.getCount() > 0) {
            try {
                Connected connected = connectToFirstAvailable();
                if (connected == null) {
                    continue;
                }
                pump(connected);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Whether a broker session is up, with which broker, since when, and the last error; see {@link UplinkStatus}. */
    private record Connection(boolean connected, URI broker, Instant since, String lastError) {
    }

    /**
     * A session just established, and whether its connection was reported lost. The loss flag is this
     * connection's own: Paho reports a loss after {@code isConnected()} turned false, so the report of a connection
     * already replaced can come once the next one is up (a half-open path was followed by two connects 230 ms
     * apart, the second one because the first connection's late report tore down its successor).
     */
    private record Connected(BrokerLink.Session session, int brokerIndex, AtomicBoolean lost) {
    }

    /**
     * The births went out: when, and the last message committed before. Taken before the births are published, so
     * that whatever is accepted once someone has seen them counts as live, however late this thread gets to
     * pumping on a loaded machine, and whatever was accepted before, while disconnected or while the feed was not
     * ready to birth, counts as historical.
     */
    private record Born(Instant at, long backlogEnd) {
    }

    /**
     * Tries every broker in order (after a broker was left, from the next one); on total failure waits the
     * back-off. Returns null to go round again.
     */
    private Connected connectToFirstAvailable() throws InterruptedException {
        int first = startAt;
        startAt = 0;
        for (int i = 0; i < brokers.size(); i++) {
            int index = (first + i) % brokers.size();
            URI url = brokers.get(index);
            if (stopRequested.getCount() == 0) {
                return null;
            }
            try {
                AtomicBoolean lost = new AtomicBoolean();
                long births = outbox.nextBirth();
                BrokerLink.Message will = message(feed.will(births));
                BrokerLink.Session session = link.connect(url, will, sessionExpiry, () -> lost.set(true), this::onInbound);
                // Connected from the CONNACK on: whoever sees the birth sees the status say so.
                bdSeq = births;
                if (connectedBefore) {
                    reconnects.incrementAndGet();
                }
                connection = new Connection(true, url, clock.instant(), null);
                // Subscribed before the birth: with a clean start, a request sent by whoever saw the birth arrives.
                subscribeToCommands(url);
                subscribeForSession(url);
                // Receive Maximum bounds every unacknowledged QoS 1 publish of the session: the birth, command
                // answers and republished retained messages count as well as the outbox's messages.
                inflight = new Semaphore(Math.max(1, Math.min(MAX_IN_FLIGHT, session.receiveMaximum())));
                backoff.reset();
                LOG.info("connected to broker {} (receive maximum {})", url, session.receiveMaximum());
                return new Connected(session, index, lost);
            } catch (BufferUnavailableException e) {
                // The Last Will and the birth need a birth-and-death number the file has recorded: without one, wait.
                LOG.error("not connected to broker {}: {}", url, e.getMessage());
                connection = new Connection(false, url, clock.instant(), e.getMessage());
                break;
            } catch (BrokerException e) {
                Connection previous = connection;
                if (previous.connected() || !e.getMessage().equals(previous.lastError())) {
                    LOG.warn("cannot connect to broker: {}; buffering until it is reachable", e.getMessage());
                }
                connection = new Connection(false, url, previous.connected() ? clock.instant() : previous.since(), e.getMessage());
            }
        }
        stopRequested.await(backoff.next().toMillis(), TimeUnit.MILLISECONDS);
        return null;
    }

    private void pump(Connected connected) throws InterruptedException {
        BrokerLink.Session session = connected.session();
        // Receive Maximum bounds unacknowledged QoS 1 publishes; QoS 0 ones are bounded only to cap memory.
        Semaphore qos1Window = inflight;
        Semaphore qos0Window = new Semaphore(PREFETCH);
        Born born = awaitBirth(connected, qos1Window);
        if (born == null) {
            return;
        }
        Instant connectedAt = born.at();
        // What was committed before the births is the backlog: it drains in order, at the backfill rate,
        // while what arrives now goes first, so a long outage never holds back live states and telemetry.
        long boundary = born.backlogEnd();
        List<Prefetch> order = List.of(new Prefetch(MessageClass.EVENT, boundary, Long.MAX_VALUE),
                new Prefetch(MessageClass.EVENT, 0, boundary),
                new Prefetch(MessageClass.TELEMETRY, boundary, Long.MAX_VALUE),
                new Prefetch(MessageClass.TELEMETRY, 0, boundary));
        // A broker reached again may have lost its retained messages (restarted, or another broker of the list).
        ArrayDeque<RetainedPicture.Entry> replay = new ArrayDeque<>(connectedBefore ? picture.entries() : List.of());
        connectedBefore = true;
        while (stopRequested.getCount() > 0) {
            nudged = false;
            if (connected.lost().get() || !link.isConnected()) {
                connection = new Connection(false, session.url(), clock.instant(), "connection lost");
                return;
            }
            FeedSession.Request request = feed.takeRequest();
            if (request == FeedSession.Request.LEAVE) {
                leave(connected);
                return;
            }
            if (rebirthRequested || request == FeedSession.Request.REBIRTH) {
                rebirthRequested = false;
                rebirth(replay, qos1Window);
            }
            if (!replay.isEmpty()) {
                if (qos1Window.tryAcquire(IDLE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    republish(replay.poll(), qos1Window);
                }
                continue;
            }
            if (rewind) {
                // A publish failed without the connection dropping: send again from the oldest unacknowledged.
                rewind = false;
                order.forEach(Prefetch::reset);
            }
            long committed = outbox.lastCommittedSeq();
            Prefetch from = null;
            boolean throttled = false;
            for (Prefetch p : order) {
                if (p.peek(committed) == null) {
                    continue;
                }
                if (p.isBacklog() && !backfill.available()) {
                    throttled = true;
                    continue;
                }
                from = p;
                break;
            }
            if (from == null) {
                outbox.awaitCommitted(committed, throttled ? min(backfill.untilNext(), IDLE_WAIT) : IDLE_WAIT,
                        () -> nudged);
                continue;
            }
            OutgoingMessage m = from.peek(committed);
            if (refused.contains(m.seq()) || tooLarge(m, session)) {
                from.taken();
                continue;
            }
            Semaphore window = m.qos() == 0 ? qos0Window : qos1Window;
            // Time-boxed so a connection lost while every slot waits for an acknowledgement is noticed.
            if (!window.tryAcquire(IDLE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                continue;
            }
            if (send(m, connectedAt, window)) {
                from.taken();
                if (from.isBacklog()) {
                    backfill.take();
                }
            } else {
                window.release();
            }
        }
    }

    /**
     * Waits until the feed is ready for its births (Sparkplug: its primary host is online), sending nothing of the
     * outbox meanwhile, then publishes them. Returns {@code null} when the connection was lost, left or the uplink
     * stops first.
     */
    private Born awaitBirth(Connected connected, Semaphore window) throws InterruptedException {
        boolean waiting = false;
        while (stopRequested.getCount() > 0) {
            nudged = false;
            if (connected.lost().get() || !link.isConnected()) {
                connection = new Connection(false, connected.session().url(), clock.instant(), "connection lost");
                return null;
            }
            if (feed.takeRequest() == FeedSession.Request.LEAVE) {
                leave(connected);
                return null;
            }
            if (feed.readyForBirth()) {
                Born born = new Born(clock.instant(), outbox.lastCommittedSeq());
                publishAll(feed.births(bdSeq), window, "birth message");
                rebirthRequested = false;
                return born;
            }
            if (!waiting) {
                waiting = true;
                LOG.info("connected to {}, waiting for the feed to be ready before its births; buffering meanwhile",
                        connected.session().url());
            }
            // Nothing of the outbox goes out before the births, so no commit ends this wait: a nudge (a STATE) does.
            outbox.awaitCommitted(Long.MAX_VALUE, IDLE_WAIT, () -> nudged);
        }
        return null;
    }

    /** The feed asked to leave this broker: its deaths, a disconnect, and the next connect starts at the next broker. */
    private void leave(Connected connected) {
        LOG.warn("leaving broker {} as the feed asks; trying the next broker of the list", connected.session().url());
        publishDeaths();
        startAt = (connected.brokerIndex() + 1) % brokers.size();
        connection = new Connection(false, connected.session().url(), clock.instant(), "left the broker as the feed asked");
    }

    /**
     * Publishes a feed's own messages in order; a QoS 1 one takes a place in the session's window. A failure is
     * logged: the connection's loss, if that is why, is noticed by the pump.
     */
    private void publishAll(List<SessionMessage> messages, Semaphore window, String what) throws InterruptedException {
        for (SessionMessage m : messages) {
            boolean counted = m.qos() > 0;
            // Time-boxed rather than interrupted at a stop: an interrupt that reaches this thread inside the buffer's
            // file I/O closes H2's store under the outbox's writer.
            while (counted && !window.tryAcquire(IDLE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                if (stopRequested.getCount() == 0) {
                    return;
                }
            }
            try {
                link.publish(message(m), failure -> {
                    if (counted) {
                        window.release();
                    }
                    if (failure != null) {
                        LOG.warn("{} on {} failed: {}", what, m.topic(), failure.getMessage());
                    }
                });
            } catch (BrokerException e) {
                if (counted) {
                    window.release();
                }
                LOG.warn("{} on {} not sent: {}", what, m.topic(), e.getMessage());
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Committed messages of one class between two sequence numbers, read ahead of sending so the buffer is
     * read in batches rather than per message. Reads again only when something new was committed or the last
     * read was full; a backlog reader stops for good at its upper bound.
     */
    private final class Prefetch {
        private final MessageClass cls;
        private final long after;
        private final long upTo;
        private final ArrayDeque<OutgoingMessage> queue = new ArrayDeque<>();
        private long cursor;
        private long readAtCommit = -1;
        private boolean lastReadFull;
        private boolean passedUpperBound;

        Prefetch(MessageClass cls, long after, long upTo) {
            this.cls = cls;
            this.after = after;
            this.upTo = upTo;
            this.cursor = after;
        }

        boolean isBacklog() {
            return upTo != Long.MAX_VALUE;
        }

        OutgoingMessage peek(long committed) {
            if (queue.isEmpty() && !passedUpperBound && (lastReadFull || committed != readAtCommit)) {
                readAtCommit = committed;
                List<OutgoingMessage> rows = outbox.next(cls, cursor, PREFETCH);
                lastReadFull = rows.size() == PREFETCH;
                for (OutgoingMessage row : rows) {
                    if (row.seq() > upTo) {
                        passedUpperBound = true;
                        break;
                    }
                    queue.add(row);
                }
                if (!rows.isEmpty()) {
                    cursor = rows.get(rows.size() - 1).seq();
                }
            }
            return queue.peek();
        }

        void taken() {
            queue.poll();
        }

        void reset() {
            queue.clear();
            cursor = after;
            readAtCommit = -1;
            lastReadFull = false;
            passedUpperBound = false;
        }
    }

    private boolean send(OutgoingMessage m, Instant connectedAt, Semaphore window) {
        boolean historical = m.createdAt().isBefore(connectedAt);
        byte[] payload = feed.outgoing(m.topic(), m.payload(), historical);
        if (payload == null) {
            // Not for this session (the feed says why in its own log): as good as sent.
            window.release();
            outbox.ack(m);
            return true;
        }
        Map<String, String> props = historical ? Map.of("historical", "true") : Map.of();
        try {
            long expiry = m.cls() == MessageClass.TELEMETRY ? telemetryExpirySeconds : 0;
            link.publish(new BrokerLink.Message(m.topic(), payload, m.qos(), m.retained(), props, null, expiry), failure -> {
                window.release();
                if (failure == null) {
                    // Counted before the row goes, so whoever sees the outbox empty sees the count complete.
                    published.get(m.cls()).incrementAndGet();
                    outbox.ack(m);
                    if (m.retained()) {
                        picture.acknowledged(m.topic(), m.payload(), m.seq());
                    }
                } else if (failure instanceof RefusedByBroker r && r.permanent()) {
                    // Sent again it would be refused again, and hold back everything behind it for ever.
                    drop(m, r.getMessage());
                } else {
                    LOG.debug("publish of seq {} failed: {}", m.seq(), failure.getMessage());
                    rewind = true;
                }
            });
            return true;
        } catch (BrokerException e) {
            LOG.debug("publish of seq {} refused: {}", m.seq(), e.getMessage());
            rewind = true;
            return false;
        }
    }

    /**
     * A message over the broker's Maximum Packet Size can never be delivered to it: it is dropped with an
     * error rather than blocking its class. The estimate counts the topic, the payload with the historical
     * flag and the properties the link adds.
     */
    private boolean tooLarge(OutgoingMessage m, BrokerLink.Session session) {
        long size = m.payload().length + HISTORICAL_OVERHEAD + m.topic().length() * 4L + PACKET_OVERHEAD;
        if (size <= session.maximumPacketSize()) {
            return false;
        }
        drop(m, "about " + size + " bytes, over the broker's maximum packet size of " + session.maximumPacketSize());
        return true;
    }

    private void drop(OutgoingMessage m, String why) {
        if (refused.add(m.seq())) {
            LOG.error("message seq {} to {} dropped: {}", m.seq(), m.topic(), why);
            outbox.ack(m);
        }
    }

    private void rebirth(ArrayDeque<RetainedPicture.Entry> replay, Semaphore window) throws InterruptedException {
        publishAll(feed.births(bdSeq), window, "birth message of a rebirth");
        replay.clear();
        replay.addAll(picture.entries());
        LOG.info("rebirth: birth and {} retained messages republished", replay.size());
    }

    /** A retained message sent before, sent again: a replay, so marked historical like any other. */
    private void republish(RetainedPicture.Entry e, Semaphore window) {
        byte[] payload = feed.outgoing(e.topic(), e.payload(), true);
        if (payload == null) {
            window.release();
            return;
        }
        try {
            link.publish(new BrokerLink.Message(e.topic(), payload, 1, true,
                    Map.of("historical", "true")), failure -> window.release());
        } catch (BrokerException ex) {
            window.release();
            LOG.debug("republish of {} refused: {}", e.topic(), ex.getMessage());
        }
    }

    /** Without commands the feed still flows: a refused subscription is logged, not a reason to disconnect. */
    private void subscribeToCommands(URI url) {
        if (commands == null) {
            return;
        }
        try {
            link.subscribe(commandTopics.commands());
        } catch (BrokerException e) {
            LOG.warn("commands from {} are not received: {}", url, e.getMessage());
        }
    }

    private void subscribeForSession(URI url) {
        for (String filter : feed.subscriptions()) {
            try {
                link.subscribe(filter);
            } catch (BrokerException e) {
                LOG.warn("{} from {} is not received: {}", filter, url, e.getMessage());
            }
        }
    }

    /** A message on a subscription: the platform's commands to their thread, anything else to the feed's session. */
    private void onInbound(BrokerLink.Inbound message) {
        if (commands != null && TopicFilter.matches(commandTopics.commands(), message.topic())) {
            onCommand(message);
        } else {
            feed.received(message.topic(), message.payload());
            nudge();
        }
    }

    private void nudge() {
        nudged = true;
        outbox.wake();
    }

    /**
     * A request arrived, on the MQTT client's thread, which acknowledges it to the broker once this returns:
     * it is handed to the command thread at once, so that neither a slow request nor one that throws (a
     * config file deep enough to overflow the stack) can hold up that thread or make Paho drop the connection
     * unacknowledged, which has the broker deliver it again. A full queue is answered busy.
     */
    private void onCommand(BrokerLink.Inbound request) {
        String name = request.topic().substring(request.topic().lastIndexOf('/') + 1);
        String refused = request.responseTopic() == null ? null : refusal(request.responseTopic());
        String replyTo = request.responseTopic() != null && refused == null ? request.responseTopic()
                : commandTopics.commandReply(name);
        if (refused != null) {
            LOG.warn("request on {} not carried out: its response topic {} {}", request.topic(), request.responseTopic(), refused);
            answer(name, replyTo, request, commands.failure(name, "not carried out: the response topic " + refused));
            return;
        }
        try {
            commandThread.execute(() -> carryOut(name, replyTo, request));
        } catch (RejectedExecutionException e) {
            // Also once the agent is stopping: the requester asks again either way.
            answer(name, replyTo, request, commands.failure(name, "the agent is busy with " + COMMAND_QUEUE
                    + " other requests, or stopping: ask again"));
        }
    }

    /**
     * Why an answer must not go to a request's response topic, or {@code null} when it may: a topic MQTT forbids
     * there, or one the feed keeps for its own messages. The refused request is answered on its default reply
     * topic, which the AsyncAPI names, so that its requester learns why.
     */
    private String refusal(String responseTopic) {
        if (responseTopic.isEmpty()) {
            return "is empty";
        }
        if (responseTopic.indexOf('+') >= 0 || responseTopic.indexOf('#') >= 0 || responseTopic.indexOf('\0') >= 0) {
            return "holds a wildcard (+ or #) or a null character, which MQTT 5 forbids in a response topic (3.3.2.3.5, 4.7.3)";
        }
        return commandTopics.answerRefusal(responseTopic);
    }

    /** On the command thread: whatever the handler does, throws or completes with becomes one answer. */
    private void carryOut(String name, String replyTo, BrokerLink.Inbound request) {
        CompletableFuture<byte[]> result;
        try {
            result = Objects.requireNonNull(commands.handle(name, request.payload()), "no answer");
        } catch (Throwable t) { // a StackOverflowError or any Error of the handler too: it is this request's failure
            result = CompletableFuture.failedFuture(t);
        }
        result.whenComplete((answer, failure) -> answer(name, replyTo, request, failure == null && answer != null ? answer
                : commands.failure(name, InternalFailure.report(name, null, null,
                        failure != null ? failure : new NullPointerException("no answer")))));
    }

    /** Hands an answer to the reply thread, which waits for room in the QoS 1 window. */
    private void answer(String name, String topic, BrokerLink.Inbound request, byte[] answer) {
        try {
            replies.execute(() -> reply(name, topic, request, answer));
        } catch (RejectedExecutionException e) {
            LOG.warn("answer on {} not sent: {} answers wait for the broker already, or the agent is stopping"
                    + " (the requester will ask again)", topic, REPLY_QUEUE);
        }
    }

    /**
     * Answers go straight to the broker, not through the outbox: an answer replayed after an outage would
     * reach a requester that gave up long ago, and a retried request is answered again from the stored
     * answer anyway.
     */
    private void reply(String name, String topic, BrokerLink.Inbound request, byte[] payload) {
        Semaphore window = inflight;
        try {
            if (!window.tryAcquire(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("answer on {} not sent: the broker acknowledges nothing (the requester will ask again)", topic);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            link.publish(new BrokerLink.Message(topic, payload, 1, false, Map.of(), request.correlationData()),
                    failure -> {
                        window.release();
                        if (failure != null) {
                            LOG.warn("answer on {} not delivered: {}", topic, failure.getMessage());
                        }
                    });
        } catch (BrokerException e) {
            window.release();
            LOG.warn("answer on {} not sent: {}", topic, e.getMessage());
        }
    }

    private static BrokerLink.Message message(SessionMessage m) {
        return new BrokerLink.Message(m.topic(), m.payload(), m.qos(), m.retained(), Map.of());
    }

    /**
     * Publishes the feed's deaths, waiting at most {@link #STOP_TIMEOUT} for them, and disconnects as the feed
     * wants (with or without its Last Will).
     */
    private void publishDeaths() {
        List<SessionMessage> deaths = feed.deaths(bdSeq);
        CountDownLatch sent = new CountDownLatch(deaths.size());
        for (SessionMessage m : deaths) {
            try {
                link.publish(message(m), failure -> sent.countDown());
            } catch (BrokerException e) {
                sent.countDown();
                LOG.debug("{} not sent: {}", m.topic(), e.getMessage());
            }
        }
        try {
            sent.await(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (feed.disconnectWithWill()) {
            link.disconnectWithWill(STOP_TIMEOUT);
        } else {
            link.disconnect(STOP_TIMEOUT);
        }
    }

    /**
     * Stops publishing, tells the broker the agent is going offline (the feed's deaths: for the JSON feed the
     * retained status, since a normal disconnect does not fire the Last Will) and disconnects. Unsent messages stay
     * in the outbox.
     */
    @Override
    public void close() {
        stopRequested.countDown();
        nudge();
        commandThread.shutdown();
        try {
            thread.join(STOP_TIMEOUT.toMillis() + IDLE_WAIT.toMillis());
            // A request being carried out is answered before the offline status, each waiting at most this long.
            commandThread.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            replies.shutdown();
            replies.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Not interrupted if still at work (a connect that waits its time-out): it may be reading the buffer, and an
        // interrupt inside H2's file I/O closes the store under the outbox's writer. Its waits end at the stop.
        if (link.isConnected()) {
            publishDeaths();
        }
        link.close();
        connection = new Connection(false, connection.broker(), clock.instant(), null);
    }
}
