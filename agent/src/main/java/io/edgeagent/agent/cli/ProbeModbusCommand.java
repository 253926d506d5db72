package io.edgeagent.agent.cli;

import io.edgeagent.drivers.modbus.ModbusProbe;
import io.edgeagent.drivers.modbus.ModbusProbe.ProbeResult;
import io.edgeagent.drivers.modbus.ModbusTransport;
import io.edgeagent.drivers.modbus.ModbusType;
import io.edgeagent.drivers.modbus.TextEncoding;
import io.edgeagent.drivers.modbus.WordOrder;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code edge-agent probe modbus}: read registers, coils or inputs once, without the agent, and show the words
 * decoded every way the config could mean them.
 */
@Command(name = "modbus", mixinStandardHelpOptions = true,
        description = {"Read Modbus registers, coils or inputs once and show what they mean.",
            "Prints the raw words, unsigned and signed, and with --type each value decoded, in every word order"
                + " unless --order picks one, so the order that gives a sensible number is the one to write in the"
                + " config.",
            "A serial port the agent is polling is busy: stop the agent first, or probe over another route.",
            "Exits 0 when the read worked, 1 when the device did not answer or refused, 2 for bad arguments."},
        footer = {"", "DEVICE is tcp://host[:port] (port 502 when left out), rtu+tcp://host:port for",
            "a serial gateway passing RTU frames, or a serial port such as /dev/ttyUSB0",
            "(with --baud, --parity, ...).",
            "RANGE is <area>:<address>[:<count>] with area coil, discrete, input or holding",
            "and the 0-based address, as in the config; a manual's number works too:",
            "40001 is holding:0, 30001 input:0.",
            "", "Examples:",
            "  edge-agent probe modbus tcp://10.0.3.40 holding:0:10",
            "  edge-agent probe modbus tcp://10.0.3.40:502 --unit 1 holding:4 --type float32",
            "  edge-agent probe modbus tcp://10.0.3.40 holding:4 --type float32 --order CDAB",
            "  edge-agent probe modbus tcp://10.0.3.40 holding:20 --type string(16) \\",
            "      --encoding gbk",
            "  edge-agent probe modbus /dev/ttyUSB0 --baud 9600 --parity none --unit 3 \\",
            "      40001:4",
            "  edge-agent probe modbus rtu+tcp://10.0.3.50:4001 --unit 2 coil:0:8"})
final class ProbeModbusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DEVICE", description = "tcp://host[:port], rtu+tcp://host:port or a serial port")
    String device;

    @Parameters(index = "1", paramLabel = "RANGE", description = "what to read, e.g. holding:0:10 or 40001")
    String range;

    @Option(names = "--unit", paramLabel = "ID", defaultValue = "1", description = "unit (slave) id, 0 to 255; default ${DEFAULT-VALUE}")
    int unit;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "decode as int16, uint16, int32, uint32, int64, uint64, float32, float64 or string(n)")
    String type;

    @Option(names = "--encoding", paramLabel = "ENCODING",
            description = "how a string(n)'s bytes are text: ascii (the default), utf-8 or gbk")
    String encoding;

    @Option(names = "--order", paramLabel = "ORDER", description = "ABCD, CDAB, BADC or DCBA; default: show all four")
    WordOrder order;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "2000", description = "how long to wait; default ${DEFAULT-VALUE}")
    long timeoutMs;

    @Option(names = "--baud", defaultValue = "19200", description = "serial speed; default ${DEFAULT-VALUE}")
    int baud;

    @Option(names = "--parity", defaultValue = "even", description = "none, even or odd; default ${DEFAULT-VALUE}")
    String parity;

    @Option(names = "--stop-bits", defaultValue = "1", description = "1 or 2; default ${DEFAULT-VALUE}")
    int stopBits;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModbusTransport transport;
        ModbusRange what;
        ModbusType decodeAs;
        try {
            transport = transport();
            what = ModbusRange.parse(range);
            decodeAs = type == null ? null : ModbusType.parse(type.toLowerCase(Locale.ROOT));
            if (decodeAs != null && (decodeAs.kind() == ModbusType.Kind.BOOL || what.area().isBit())) {
                throw new IllegalArgumentException("--type decodes registers: read input or holding registers"
                        + " with a number or string type (coils and discrete inputs are printed as bits)");
            }
            if (encoding != null) {
                if (decodeAs == null || decodeAs.kind() != ModbusType.Kind.STRING) {
                    throw new IllegalArgumentException("--encoding is for text: give it with --type string(n)");
                }
                decodeAs = decodeAs.in(TextEncoding.parse(encoding.toLowerCase(Locale.ROOT)));
            }
        } catch (IllegalArgumentException e) {
            err.println("edge-agent probe modbus: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        int count = what.countOr(decodeAs == null ? 1 : decodeAs.registers());
        ProbeResult result;
        try {
            result = ModbusProbe.read(transport, unit, what.area(), what.address(), count, Duration.ofMillis(timeoutMs));
        } catch (IllegalArgumentException e) {
            err.println("edge-agent probe modbus: " + e.getMessage());
            return Main.BAD_INPUT;
        } catch (ModbusProbe.ProbeException e) {
            err.println("edge-agent probe modbus: " + e.getMessage());
            return Main.FAILED;
        }
        print(out, transport, what, count, result, decodeAs);
        out.flush();
        return 0;
    }

    private ModbusTransport transport() {
        if (device.startsWith("tcp://") || device.startsWith("rtu+tcp://")) {
            URI uri = URI.create(device);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("'" + device + "' has no host: write tcp://host[:port]");
            }
            return new ModbusTransport.Tcp(uri.getHost(), uri.getPort() < 0 ? 502 : uri.getPort(),
                    device.startsWith("rtu+"));
        }
        if (device.startsWith("/") || device.matches("(?i)COM\\d+")) {
            if (!List.of("none", "even", "odd").contains(parity)) {
                throw new IllegalArgumentException("--parity is none, even or odd, not '" + parity + "'");
            }
            return new ModbusTransport.Serial(device, baud, parity, 8, stopBits);
        }
        throw new IllegalArgumentException("'" + device + "' is not a device: write tcp://host[:port],"
                + " rtu+tcp://host:port or a serial port such as /dev/ttyUSB0");
    }

    private void print(PrintWriter out, ModbusTransport transport, ModbusRange what, int count, ProbeResult result,
            ModbusType decodeAs) {
        String first = ModbusRange.name(what.area(), what.address());
        out.printf("%s unit %d: %s%s, %d %s%n", transport.describe(), unit, first,
                count > 1 ? ".." + (what.address() + count - 1) : "", count,
                what.area().isBit() ? (count == 1 ? "bit" : "bits") : (count == 1 ? "register" : "registers"));
        if (what.manualNumber() != null) {
            out.printf("(the manual's %s is %s: the config counts from 0)%n", what.manualNumber(), first);
        }
        out.println();
        Table table = what.area().isBit() ? new Table(spec.commandLine().getColorScheme().ansi(), "ADDRESS", "VALUE")
                : new Table(spec.commandLine().getColorScheme().ansi(), "ADDRESS", "RAW", "UINT16", "INT16");
        for (int i = 0; i < count; i++) {
            String address = ModbusRange.name(what.area(), what.address() + i);
            if (what.area().isBit()) {
                table.row(address, result.bits().get(i) ? "1 (true)" : "0 (false)");
            } else {
                int word = result.words().get(i);
                table.row(address, String.format(Locale.ROOT, "0x%04X", word), word, (short) word);
            }
        }
        table.print(out, "");
        if (decodeAs != null) {
            out.println();
            decoded(out, what, result, decodeAs);
        }
    }

    private void decoded(PrintWriter out, ModbusRange what, ProbeResult result, ModbusType decodeAs) {
        List<WordOrder> orders = order != null ? List.of(order) : List.of(WordOrder.values());
        String as = decodeAs.toString().toUpperCase(Locale.ROOT)
                + (decodeAs.encoding() == null || decodeAs.encoding() == TextEncoding.ASCII ? ""
                : " " + decodeAs.encoding().configName().toUpperCase(Locale.ROOT));
        List<String> headers = new ArrayList<>(List.of("AS " + as));
        orders.forEach(o -> headers.add(o.name()));
        Table table = new Table(spec.commandLine().getColorScheme().ansi(), headers.toArray(String[]::new));
        int step = decodeAs.registers();
        for (int i = 0; i + step <= result.words().size(); i += step) {
            List<Object> row = new ArrayList<>();
            row.add(ModbusRange.name(what.area(), what.address() + i));
            for (WordOrder o : orders) {
                row.add(show(ModbusProbe.decode(result.words().subList(i, i + step), decodeAs, o)));
            }
            table.row(row.toArray());
        }
        table.print(out, "");
        if (result.words().size() % step != 0) {
            out.printf("(the last %d register%s do not make a whole %s)%n", result.words().size() % step,
                    result.words().size() % step == 1 ? "" : "s", decodeAs);
        }
    }

    private static String show(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
