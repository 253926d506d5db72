package io.edgeagent.agent.cli;

import static io.edgeagent.agent.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.testing.Ports;
import io.edgeagent.drivers.sim.cnc.CncPhase;
import io.edgeagent.drivers.sim.cnc.CncSimulator;
import io.edgeagent.drivers.sim.cnc.WordOrder;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code probe modbus} against a simulated CNC control on a real Modbus TCP port. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProbeModbusCommandTest {

    private CncSimulator cnc;
    private String device;

    @BeforeAll
    void startTheControl() {
        // Low word first on the wire, so only the CDAB column shows the real numbers.
        cnc = CncSimulator.builder("cnc-probe").port(Ports.free()).order(WordOrder.CDAB).manual(CncPhase.ALARM).build();
        cnc.start();
        device = "tcp://127.0.0.1:" + cnc.port();
    }

    @AfterAll
    void stopTheControl() {
        cnc.close();
    }

    @Test
    void registersArePrintedRawUnsignedAndSigned() {
        CliRun run = run("probe", "modbus", device, "holding:8:3");

        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("tcp://127.0.0.1:" + cnc.port() + " unit 1: holding:8..10, 3 registers", lines.get(0));
        assertTrue(lines.contains("holding:8   0x03F2  1010    1010"), run.out());
        assertTrue(lines.contains("holding:10  0x4F31  20273   20273"), "the program name's first two letters, O1: "
                + run.out());
    }

    @Test
    void aTypeIsDecodedInEveryWordOrderSoTheSensibleOneStandsOut() {
        cnc.setPhase(CncPhase.CUTTING);
        try {
            CliRun run = run("probe", "modbus", device, "holding:2", "--type", "uint32");

            assertEquals(0, run.exit(), run.err());
            String row = run.out().lines().filter(l -> l.startsWith("holding:2 ")).reduce((a, b) -> b).orElseThrow();
            List<String> cells = List.of(row.trim().split(" +"));
            assertEquals(5, cells.size(), row);
            assertTrue(run.out().contains("AS UINT32  ABCD"), run.out());
            long cdab = Long.parseLong(cells.get(2));
            assertTrue(cdab >= 0 && cdab <= cnc.partCount(), "CDAB is the part count: " + row + " vs " + cnc.partCount());
        } finally {
            cnc.setPhase(CncPhase.ALARM);
        }
    }

    @Test
    void oneOrderAndAStringType() {
        CliRun run = run("probe", "modbus", device, "holding:10:8", "--type", "string(16)", "--order", "ABCD");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("AS STRING(16)  ABCD"), run.out());
        assertTrue(run.out().contains("holding:10     \"O1234\""), run.out());
    }

    @Test
    void anEncodingDecodesTheStringAndIsRefusedForNumbers() {
        CliRun run = run("probe", "modbus", device, "holding:10:8", "--type", "string(16)", "--encoding", "utf-8",
                "--order", "ABCD");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("AS STRING(16) UTF-8  ABCD"), run.out());
        assertTrue(run.out().contains("holding:10           \"O1234\""), run.out());

        CliRun number = run("probe", "modbus", device, "holding:2", "--type", "uint32", "--encoding", "gbk");
        assertEquals(2, number.exit());
        assertEquals("edge-agent probe modbus: --encoding is for text: give it with --type string(n)\n", number.err());
    }

    @Test
    void aManualsRegisterNumberIsTranslatedAndSaidSo() {
        CliRun run = run("probe", "modbus", device, "40009");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("(the manual's 40009 is holding:8: the config counts from 0)"), run.out());
        assertTrue(run.out().contains("holding:8  0x03F2  1010    1010"), run.out());
    }

    @Test
    void bitsArePrintedAsBits() {
        CliRun run = run("probe", "modbus", device, "coil:0");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("coil:0   0 (false)"), run.out());
    }

    @Test
    void aDeviceThatIsNotThereFailsWithOneLineNamingIt() {
        int closed = Ports.free();
        CliRun run = run("probe", "modbus", "tcp://127.0.0.1:" + closed, "holding:0", "--timeout-ms", "500");

        assertEquals(1, run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("127.0.0.1:" + closed), run.err());
    }

    @Test
    void anAddressTheDeviceDoesNotHaveNamesTheModbusException() {
        CliRun run = run("probe", "modbus", device, "holding:100");

        assertEquals(1, run.exit());
        assertTrue(run.err().contains("ILLEGAL_DATA_ADDRESS") || run.err().toLowerCase().contains("illegal data address"),
                run.err());
    }

    @Test
    void badArgumentsSayWhatToWrite() {
        CliRun range = run("probe", "modbus", device, "holdings:0");
        assertEquals(2, range.exit());
        assertTrue(range.err().contains("'holdings:0' is not a register range: write <area>:<address>[:<count>]"),
                range.err());

        CliRun where = run("probe", "modbus", "10.0.3.40", "holding:0");
        assertEquals(2, where.exit());
        assertTrue(where.err().contains("'10.0.3.40' is not a device: write tcp://host[:port]"), where.err());

        CliRun type = run("probe", "modbus", device, "coil:0", "--type", "float32");
        assertEquals(2, type.exit());
        assertTrue(type.err().contains("--type decodes registers"), type.err());
    }
}
