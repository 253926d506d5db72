package io.edgeagent.agent.ingest;

import io.edgeagent.agent.state.AlarmChange;
import io.edgeagent.agent.state.StateChange;
import io.edgeagent.drivers.Reading;
import java.util.List;

/** Where ingest hands its results: in the agent, the outbox; in tests, a list. Called on the ingest thread. */
public interface FeedSink {

    void stateChanged(StateChange change);

    void telemetry(String machineId, List<Reading> readings);

    /** A machine's alarm was raised, changed or cleared; the change carries its active alarms after it. */
    void alarmChanged(AlarmChange change);
}
