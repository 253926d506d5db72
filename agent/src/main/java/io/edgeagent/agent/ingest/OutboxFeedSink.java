package io.edgeagent.agent.ingest;

import io.edgeagent.agent.buffer.MessageClass;
import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.state.StateChange;
import io.edgeagent.agent.uplink.Payloads;
import io.edgeagent.agent.uplink.Topics;
import io.edgeagent.drivers.Reading;
import java.util.List;

/** Turns ingest results into contract messages in the outbox: states retained at QoS 1, telemetry batched. */
public final class OutboxFeedSink implements FeedSink {

    private final Outbox outbox;
    private final Payloads payloads;
    private final Topics topics;
    private final int telemetryQos;

    public OutboxFeedSink(Outbox outbox, Payloads payloads, Topics topics, int telemetryQos) {
        this.outbox = outbox;
        this.payloads = payloads;
        this.topics = topics;
        this.telemetryQos = telemetryQos;
    }

    @Override
    public void stateChanged(StateChange change) {
        outbox.append(MessageClass.EVENT, topics.machineState(change.machineId()), 1, true,
                seq -> payloads.state(seq, change));
    }

    @Override
    public void telemetry(String machineId, List<Reading> readings) {
        outbox.append(MessageClass.TELEMETRY, topics.machineTelemetry(machineId), telemetryQos, false,
                seq -> payloads.telemetry(seq, machineId, readings));
    }
}
