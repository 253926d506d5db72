package io.edgeagent.drivers.sim;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ulong;

import io.edgeagent.drivers.sim.opcua.MachineEvents;
import io.edgeagent.drivers.sim.opcua.SimEvents;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The IMM's CycleParametersEventType per finished cycle (OPC 40083 GeneralTypes 1.03): its mandatory fields, valued
 * as the machine's variables are. A tick that finished several cycles raises one event, with the counters after the
 * last: the simulator knows no more of the ones between.
 */
final class ImmCycleEvents implements SimEvents<ImmMachine.State> {

    /** CycleQualityEnumeration: GOOD_CYCLE, BAD_CYCLE (a shot with a reject). */
    private static final int GOOD_CYCLE = 0;
    private static final int BAD_CYCLE = 1;
    /** JobStatusEnumeration JOB_IN_PRODUCTION. */
    private static final int JOB_IN_PRODUCTION = 6;

    @Override
    public void changed(ImmMachine.State before, ImmMachine.State after, MachineEvents events) {
        if (after.cycleCounter() <= before.cycleCounter()) {
            return;
        }
        long bad = after.partsCounter() - after.goodParts();
        boolean rejectThisCycle = bad > before.partsCounter() - before.goodParts();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("JobCycleCounter", ulong(after.cycleCounter()));
        fields.put("JobPartsCounter", ulong(after.partsCounter()));
        fields.put("JobGoodPartsCounter", ulong(after.goodParts()));
        fields.put("JobBadPartsCounter", ulong(bad));
        fields.put("JobTestSamplesCounter", ulong(0));
        fields.put("CycleTime", after.lastCycleTime());
        fields.put("CycleQuality", rejectThisCycle ? BAD_CYCLE : GOOD_CYCLE);
        fields.put("JobName", after.job().name());
        fields.put("JobStatus", JOB_IN_PRODUCTION);
        fields.put("CurrentLotName", "");
        events.cycle(fields);
    }
}
