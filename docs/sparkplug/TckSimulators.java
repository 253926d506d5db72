import io.edgeagent.drivers.sim.Scenario;
import io.edgeagent.drivers.sim.cnc.CncPhase;
import io.edgeagent.drivers.sim.cnc.CncSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The machines behind the TCK's devices (tck-edge-node.sh): one simulated Modbus TCP CNC control per id given, each
 * on a free port of 127.0.0.1. Prints "id port" per machine, then "ready", and runs until killed.
 *
 * <p>Each machine idles for {@link #QUIET} first, then runs the demo's loop. The quiet start is for the TCK's
 * ReceiveCommandTest, which counts as a failure any DATA that reaches the broker after it sent its rebirth NCMD,
 * even DATA the node published before that NCMD reached it (docs/sparkplug.md, "The official TCK"): a machine that
 * changes while the node is born a few seconds after its start would fail it by chance.
 *
 * <p>The demo's own launcher ({@code edge-agent demo --no-agent}) would run the same simulators but starts an MQTT
 * broker first, which costs seconds that the TCK's PrimaryHostTest does not give (it starts 10 s after the node).
 */
public final class TckSimulators {

    static final Duration QUIET = Duration.ofSeconds(15);

    public static void main(String[] ids) throws InterruptedException {
        List<Scenario.Step<CncPhase>> steps = new ArrayList<>(List.of(Scenario.step(CncPhase.IDLE, QUIET)));
        steps.addAll(CncSimulator.demoScenario().steps());
        Scenario<CncPhase> scenario = new Scenario<>(steps);
        for (String id : ids) {
            CncSimulator simulator = CncSimulator.builder(id).unitId(1).cycleTime(Duration.ofSeconds(4))
                    .scenario(scenario).build();
            simulator.start();
            System.out.println(id + " " + simulator.port());
        }
        System.out.println("ready");
        Thread.currentThread().join();
    }
}
