package io.edgeagent.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.agent.AgentFiles;
import io.edgeagent.drivers.modbus.ModbusProbe;
import io.edgeagent.drivers.modbus.ModbusProbe.ProbeResult;
import io.edgeagent.drivers.modbus.ModbusTransport;
import io.edgeagent.drivers.modbus.ModbusType;
import io.edgeagent.drivers.modbus.WordOrder;
import io.edgeagent.drivers.opcua.BrowseListing;
import io.edgeagent.drivers.opcua.DiscoveredServer;
import io.edgeagent.drivers.opcua.MachineRoot;
import io.edgeagent.drivers.opcua.OpcUaEndpoint;
import io.edgeagent.drivers.opcua.OpcUaProbe;
import io.edgeagent.drivers.opcua.Profile;
import io.edgeagent.drivers.opcua.OpcUaSecurity;
import io.edgeagent.drivers.opcua.ProbeException;
import io.edgeagent.drivers.opcua.ProbedNode;
import io.edgeagent.drivers.opcua.ProfileCheck;
import io.edgeagent.drivers.opcua.ServerCertificate;
import io.edgeagent.drivers.opcua.UserCredentials;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code edge-agent probe ...}: read a machine directly, without the agent, to find the right config on site. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Read a machine directly, without the agent, to find or check its register map or node ids.",
        subcommands = {ProbeCommand.Modbus.class, ProbeCommand.OpcUa.class})
final class ProbeCommand {

    @Command(name = "modbus", mixinStandardHelpOptions = true,
            description = {"Read registers, coils or inputs once and print the raw words and what they mean: unsigned",
                "and signed, and with --type each value decoded, in every word order unless --order picks one, so the",
                "order that gives a sensible number is the one to write in the config.",
                "A serial port the agent is polling is busy: stop the agent first, or probe over another route.",
                "Exits 0 when the read worked, 1 when the device did not answer or refused, 2 for bad arguments."},
            footer = {"", "DEVICE is tcp://host[:port] (port 502 when left out), rtu+tcp://host:port for a serial",
                "gateway passing RTU frames, or a serial port such as /dev/ttyUSB0 (with --baud, --parity, ...).",
                "RANGE is <area>:<address>[:<count>] with area coil, discrete, input or holding and the 0-based",
                "address, as in the config; a manual's number works too: 40001 is holding:0, 30001 input:0.",
                "", "Examples:",
                "  edge-agent probe modbus tcp://10.0.3.40 holding:0:10",
                "  edge-agent probe modbus tcp://10.0.3.40:502 --unit 1 holding:4 --type float32",
                "  edge-agent probe modbus tcp://10.0.3.40 holding:4 --type float32 --order CDAB",
                "  edge-agent probe modbus /dev/ttyUSB0 --baud 9600 --parity none --unit 3 40001:4",
                "  edge-agent probe modbus rtu+tcp://10.0.3.50:4001 --unit 2 coil:0:8"})
    static final class Modbus implements Callable<Integer> {

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
            List<String> headers = new ArrayList<>(List.of("AS " + decodeAs.toString().toUpperCase(Locale.ROOT)));
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

    @Command(name = "opcua", mixinStandardHelpOptions = true,
            description = {"Look at a machine's OPC UA server without the agent: the endpoints it offers",
                "(security policies, modes, user tokens) and its certificate's thumbprint;",
                "with --browse the nodes below a node, with node ids as the config takes them",
                "and each variable's type and value; with --read one variable's value; with",
                "--profile which of the profile's standard variables the server has, and where.",
                "Endpoints are listed without any certificate trust. Browse and read use",
                "security None and an anonymous user unless --policy and --user say otherwise.",
                "With --policy the probe presents the agent's certificate and trusts only the",
                "servers the agent trusts (its PKI under the data dir of --config): run it as",
                "the agent's user, so that what it keeps there stays readable to the agent.",
                "Exits 0 when the server answered, 1 when it could not be reached or refused,",
                "2 for bad arguments."},
            footer = {"", "ENDPOINT is opc.tcp://host[:port][/path], port 4840 when left out.",
                "NODE is written as in the config: ns=2;s=IMM/Mode, i=85,",
                "nsu=<namespace URI>;s=IMM/Mode (the form the browse shows), or a browse",
                "path from the Objects folder, /DeviceSet/IMM/MachineStatus/MachineMode.",
                "PROFILE is euromap77, machinery or machinetool; the machine object is found",
                "as the agent finds it, or given with --root (as the config's opcua.root).",
                "", "Examples:",
                "  edge-agent probe opcua opc.tcp://10.0.3.17",
                "  edge-agent probe opcua opc.tcp://10.0.3.17 --browse",
                "  edge-agent probe opcua opc.tcp://10.0.3.17 --browse 'ns=2;s=IMM' --depth 2",
                "  edge-agent probe opcua opc.tcp://10.0.3.17 --read 'ns=2;s=IMM/Mode'",
                "  edge-agent probe opcua opc.tcp://10.0.3.17 --profile euromap77",
                "  sudo -u edge-agent edge-agent probe opcua opc.tcp://10.0.3.17 \\",
                "      --policy Basic256Sha256 --browse",
                "  edge-agent probe opcua opc.tcp://10.0.3.17 --user op --password-file pw \\",
                "      --browse",
                "  edge-agent probe opcua opc.tcp://10.0.3.17 --json"})
    static final class OpcUa implements Callable<Integer> {

        private static final String NAME = "edge-agent probe opcua: ";
        private static final int LONGEST_VALUE = 60;

        @Spec
        CommandSpec spec;

        @Mixin
        AgentOptions options;

        @Parameters(index = "0", paramLabel = "ENDPOINT", description = "opc.tcp://host[:port][/path]")
        String endpointUrl;

        @Option(names = "--browse", paramLabel = "NODE", arity = "0..1", fallbackValue = OpcUaProbe.OBJECTS_FOLDER,
                description = "list the nodes below NODE; without NODE, below the Objects folder (i=85)")
        String browse;

        @Option(names = "--depth", paramLabel = "N",
                description = "how many levels --browse goes down, 1 to " + OpcUaProbe.MAX_DEPTH + "; default 1")
        Integer depth;

        @Option(names = "--read", paramLabel = "NODE", description = "read a variable: value, data type, status and source time")
        String read;

        @Option(names = "--profile", paramLabel = "PROFILE",
                description = "check the server against a profile: euromap77, machinery or machinetool")
        String profile;

        @Option(names = "--root", paramLabel = "NODE",
                description = "with --profile: the machine object, when the server holds several")
        String root;

        @Option(names = "--policy", paramLabel = "POLICY", defaultValue = OpcUaSecurity.NONE,
                description = "None, Basic256Sha256, Aes128_Sha256_RsaOaep or Aes256_Sha256_RsaPss; default ${DEFAULT-VALUE}")
        String policy;

        @Option(names = "--mode", paramLabel = "MODE",
                description = "Sign or SignAndEncrypt with a secured --policy; default SignAndEncrypt")
        String mode;

        @Option(names = "--user", paramLabel = "NAME",
                description = "log in as this user; the password is read from --password-file, else from standard input")
        String user;

        @Option(names = "--password-file", paramLabel = "FILE", description = "a file holding the --user's password")
        Path passwordFile;

        @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "5000",
                description = "how long to wait for the connection and each answer; default ${DEFAULT-VALUE}")
        long timeoutMs;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            OpcUaEndpoint endpoint;
            try {
                endpoint = endpoint();
            } catch (IllegalArgumentException e) {
                err.println(NAME + e.getMessage());
                return Main.BAD_INPUT;
            } catch (CommandFailure f) {
                err.println(NAME + f.getMessage());
                return f.exitCode();
            }
            ObjectNode json = new ObjectMapper().createObjectNode().put("endpointUrl", endpointUrl);
            try {
                if (browse == null && read == null && profile == null) {
                    DiscoveredServer server = OpcUaProbe.endpoints(endpoint);
                    if (options.json) {
                        server(json.putObject("server"), server);
                    } else {
                        print(out, server);
                    }
                }
                if (browse != null) {
                    BrowseListing found = OpcUaProbe.browse(endpoint, browse, levels());
                    if (options.json) {
                        ObjectNode b = json.putObject("browse").put("depth", levels())
                                .put("truncated", found.truncated());
                        node(b.putObject("start"), found.start());
                        found.nodes().forEach(n -> node(b.withArray("nodes").addObject(), n));
                    } else {
                        print(out, found);
                    }
                }
                if (read != null) {
                    ProbedNode value = OpcUaProbe.read(endpoint, read);
                    if (options.json) {
                        node(json.putObject("read"), value);
                    } else {
                        print(out, value);
                    }
                }
                if (profile != null) {
                    ProfileCheck check = OpcUaProbe.profile(endpoint, MachineRoot.of(root, Profile.ofConfigName(profile)
                            .orElseThrow()));
                    if (options.json) {
                        profile(json.putObject("profile"), check);
                    } else {
                        print(out, check);
                    }
                }
            } catch (IllegalArgumentException e) {
                err.println(NAME + e.getMessage());
                return Main.BAD_INPUT;
            } catch (ProbeException e) {
                err.println(NAME + e.untrustedCertificate().map(this::untrusted).orElse(e.getMessage()));
                return Main.FAILED;
            }
            if (options.json) {
                out.println(json.toPrettyString());
            }
            out.flush();
            return 0;
        }

        /** Arguments first, so that nothing goes over the network with a mistake in them. */
        private OpcUaEndpoint endpoint() throws CommandFailure {
            if (depth != null && browse == null) {
                throw new IllegalArgumentException("--depth goes with --browse");
            }
            if (profile != null && Profile.ofConfigName(profile).isEmpty()) {
                throw new IllegalArgumentException("--profile is one of " + Arrays.stream(Profile.values())
                        .map(Profile::configName).toList() + ", not '" + profile + "'");
            }
            if (root != null && profile == null) {
                throw new IllegalArgumentException("--root goes with --profile");
            }
            if (timeoutMs <= 0) {
                throw new IllegalArgumentException("--timeout-ms must be positive, not " + timeoutMs);
            }
            if (passwordFile != null && user == null) {
                throw new IllegalArgumentException("--password-file goes with --user NAME");
            }
            // Named before the config is read, so that a mistyped policy is not reported as a config problem.
            if (!OpcUaSecurity.POLICIES.contains(policy)) {
                throw new IllegalArgumentException("--policy is one of " + OpcUaSecurity.POLICIES + ", not '" + policy
                        + "'");
            }
            if (mode != null && !OpcUaSecurity.MODES.contains(mode)) {
                throw new IllegalArgumentException("--mode is one of " + OpcUaSecurity.MODES + ", not '" + mode + "'");
            }
            OpcUaSecurity security = OpcUaSecurity.NONE.equals(policy)
                    ? new OpcUaSecurity(policy, mode == null ? OpcUaSecurity.NONE : mode, null, null, false)
                    : secured(mode == null ? "SignAndEncrypt" : mode);
            UserCredentials credentials = null;
            if (user != null) {
                char[] secret = password();
                try {
                    credentials = new UserCredentials(user, secret);
                } finally {
                    Arrays.fill(secret, '\0');
                }
            }
            return new OpcUaEndpoint(endpointUrl, Duration.ofMillis(timeoutMs), security, credentials);
        }

        private int levels() {
            return depth == null ? 1 : depth;
        }

        /**
         * A secured channel uses the agent's own certificate and trust list, read once from its config. The
         * certificate is named after the agent when it is made, which may happen here: probing a secured machine
         * before the agent has connected to one.
         */
        private OpcUaSecurity secured(String securityMode) throws CommandFailure {
            AgentLocation agent = AgentLocation.read(options.config);
            if (agent.agentId() == null) {
                throw new CommandFailure("no valid agent.id in " + options.config + ", which names the agent's OPC UA"
                        + " certificate; check it with edge-agent config validate " + options.config, Main.BAD_INPUT);
            }
            return OpcUaSecurity.secured(policy, securityMode, AgentFiles.opcUaPki(agent.dataDir()), agent.agentId());
        }

        private char[] password() throws CommandFailure {
            if (passwordFile != null) {
                try {
                    return Files.readString(passwordFile, StandardCharsets.UTF_8).replaceFirst("\\r?\\n$", "")
                            .toCharArray();
                } catch (IOException e) {
                    throw new CommandFailure("cannot read --password-file " + passwordFile + ": " + e.getMessage(),
                            Main.BAD_INPUT);
                }
            }
            Console console = System.console();
            if (console != null) {
                char[] typed = console.readPassword("password for %s: ", user);
                if (typed != null) {
                    return typed;
                }
            } else {
                try {
                    // Not closed: standard input belongs to the process, not to this command.
                    String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                            .readLine();
                    if (line != null) {
                        return line.toCharArray();
                    }
                } catch (IOException e) {
                    throw new CommandFailure("cannot read the password from standard input: " + e.getMessage(),
                            Main.BAD_INPUT);
                }
            }
            throw new CommandFailure("--user " + user + " needs a password: give --password-file FILE or pipe it in",
                    Main.BAD_INPUT);
        }

        /** One line, with the command that trusts the certificate, for the config the probe was given. */
        private String untrusted(ServerCertificate certificate) {
            String config = options.config.toString().equals(AgentOptions.DEFAULT_CONFIG) ? ""
                    : " --config " + options.config;
            return endpointUrl + ": server certificate not trusted (thumbprint " + certificate.thumbprint() + ", "
                    + certificate.subject() + (certificate.applicationUri() == null ? ""
                    : ", " + certificate.applicationUri()) + "); if the machine's display shows that thumbprint,"
                    + " trust it with: edge-agent opcua trust " + certificate.thumbprint() + config;
        }

        private void print(PrintWriter out, DiscoveredServer server) {
            out.printf("%s: %s%n", endpointUrl, server.applicationName() == null ? "no endpoints offered"
                    : server.applicationName() + " (" + server.applicationUri() + ")");
            if (server.endpoints().isEmpty()) {
                return;
            }
            out.println();
            Table endpoints = new Table(spec.commandLine().getColorScheme().ansi(), "POLICY", "MODE", "USER TOKENS",
                    "LEVEL", "CERTIFICATE", "URL");
            server.endpoints().forEach(e -> endpoints.row(e.securityPolicy(), e.securityMode(),
                    String.join(", ", e.userTokens()), e.securityLevel(),
                    e.certificateThumbprint() == null ? "-" : e.certificateThumbprint().substring(0, 8),
                    e.url()));
            endpoints.print(out, "");
            out.println();
            out.println("server certificates (check the thumbprint against the machine's own display):");
            if (server.certificates().isEmpty()) {
                out.println("  none");
                return;
            }
            Table certificates = new Table(spec.commandLine().getColorScheme().ansi(), "THUMBPRINT", "SUBJECT",
                    "APPLICATION URI", "VALID UNTIL");
            server.certificates().forEach(c -> certificates.row(c.thumbprint(), c.subject(),
                    c.applicationUri() == null ? "-" : c.applicationUri(), c.notAfter()));
            certificates.print(out, "  ");
        }

        private void print(PrintWriter out, BrowseListing found) {
            ProbedNode start = found.start();
            out.printf("%s: %s (%s, %s), %d level%s down%n", endpointUrl, start.nodeId(), start.qualifiedName(),
                    start.nodeClass(), levels(), levels() == 1 ? "" : "s");
            out.println();
            if (found.nodes().isEmpty()) {
                out.println("nothing below it");
                return;
            }
            Table table = new Table(spec.commandLine().getColorScheme().ansi(), "BROWSE NAME", "CLASS", "DATA TYPE",
                    "VALUE", "NODE ID");
            for (ProbedNode n : found.nodes()) {
                table.row("  ".repeat(n.depth() - 1) + n.qualifiedName(), n.nodeClass(),
                        n.dataType() == null ? "" : n.dataType(), n.isVariable() ? shown(n) : "", n.nodeId());
            }
            table.print(out, "");
            if (found.truncated()) {
                out.printf("(stopped after %d nodes: browse a node further down, or fewer levels)%n",
                        OpcUaProbe.MAX_NODES);
            }
        }

        private void print(PrintWriter out, ProfileCheck check) {
            out.printf("%s: %s machine at %s: %d of %d standard variables found%n", endpointUrl,
                    check.profile().title(), check.machine(), check.found().size(),
                    check.found().size() + check.missing().size());
            out.println();
            Table table = new Table(spec.commandLine().getColorScheme().ansi(), "SIGNAL", "PATH", "DATA TYPE", "VALUE",
                    "NODE ID");
            check.found().forEach(f -> table.row(f.signal(), f.path(), f.node().dataType(), shown(f.node()),
                    f.node().nodeId()));
            table.print(out, "");
            if (!check.missing().isEmpty()) {
                out.println();
                out.println("missing (the agent reports these signals as bad and works with the rest):");
                check.missing().forEach(m -> out.printf("  %s  %s: %s%n", m.signal(), m.path(), m.detail()));
            }
        }

        private static void profile(ObjectNode json, ProfileCheck check) {
            json.put("profile", check.profile().configName()).put("machine", check.machine());
            check.found().forEach(f -> node(json.withArray("found").addObject().put("signal", f.signal())
                    .put("path", f.path()), f.node()));
            check.missing().forEach(m -> json.withArray("missing").addObject().put("signal", m.signal())
                    .put("path", m.path()).put("detail", m.detail()));
        }

        private void print(PrintWriter out, ProbedNode n) {
            out.printf("%s: %s%n", endpointUrl, n.nodeId());
            out.printf("  browse name  %s%n", n.qualifiedName());
            out.printf("  value        %s%n", n.value() instanceof String text ? "\"" + text + "\"" : n.value());
            out.printf("  data type    %s%n", n.dataType());
            out.printf("  status       %s%n", n.status());
            out.printf("  source time  %s%n", n.sourceTime() == null ? "- (the server sends none)" : n.sourceTime());
        }

        /** The value as the table shows it; a bad status stands in for a value the server did not give. */
        private static String shown(ProbedNode n) {
            String text = n.value() == null ? (n.status().equals("Good") ? "null" : n.status())
                    : n.value() instanceof String s ? "\"" + s + "\"" : String.valueOf(n.value());
            return text.length() <= LONGEST_VALUE ? text : text.substring(0, LONGEST_VALUE - 1) + "\u2026";
        }

        private static void server(ObjectNode json, DiscoveredServer server) {
            json.put("applicationName", server.applicationName()).put("applicationUri", server.applicationUri())
                    .put("productUri", server.productUri());
            server.endpoints().forEach(e -> {
                ObjectNode endpoint = json.withArray("endpoints").addObject().put("url", e.url())
                        .put("securityPolicy", e.securityPolicy()).put("securityMode", e.securityMode())
                        .put("securityLevel", e.securityLevel()).put("certificateThumbprint", e.certificateThumbprint());
                e.userTokens().forEach(endpoint.withArray("userTokens")::add);
            });
            server.certificates().forEach(c -> json.withArray("certificates").addObject()
                    .put("thumbprint", c.thumbprint()).put("subject", c.subject())
                    .put("applicationUri", c.applicationUri()).put("notBefore", c.notBefore().toString())
                    .put("notAfter", c.notAfter().toString()));
        }

        private static void node(ObjectNode json, ProbedNode n) {
            json.put("depth", n.depth()).put("nodeId", n.nodeId()).put("browseName", n.browseName())
                    .put("namespaceUri", n.namespaceUri()).put("nodeClass", n.nodeClass());
            if (!n.isVariable()) {
                return;
            }
            json.put("dataType", n.dataType());
            if (n.value() instanceof Boolean b) {
                json.put("value", b);
            } else if (n.value() instanceof Long l) {
                json.put("value", l);
            } else if (n.value() instanceof Double d && Double.isFinite(d)) {
                json.put("value", d);
            } else {
                // NaN and infinities are not JSON numbers; text, arrays and the rest are strings.
                json.put("value", n.value() == null ? null : String.valueOf(n.value()));
            }
            json.put("status", n.status()).put("sourceTime", n.sourceTime() == null ? null : n.sourceTime().toString());
        }
    }
}
