package io.edgeagent.agent.config;

import io.edgeagent.drivers.opcua.NodeRef;
import io.edgeagent.drivers.opcua.OpcUaSecurity;
import io.edgeagent.drivers.opcua.Profile;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Binds an OPC UA machine: {@code opcua:} (endpoint, security, auth, profile, root) and its {@code signals:}. A
 * profile's standard variables come first among the signals, under the profile's names; a signal of the file
 * with the same name replaces the standard one.
 */
final class OpcUaBinder {

    /** Policies the OPC Foundation withdrew (SHA-1 signatures); named in the problem so it does not read as a typo. */
    private static final List<String> WITHDRAWN = List.of("Basic128Rsa15", "Basic256");
    static final List<String> PROFILES = Arrays.stream(Profile.values()).map(Profile::configName).toList();
    private static final Duration PROFILE_SAMPLING = Duration.ofSeconds(1);
    private static final String NONE = OpcUaSecurity.NONE;
    private static final int DEFAULT_PORT = 4840;
    private static final String ENDPOINT_EXAMPLE = "e.g. opc.tcp://10.0.3.17:4840";
    private static final int MAX_QUEUE_SIZE = 1000;
    // Written as the schema's pattern allows, so that editor and loader accept the same text.
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)%");
    private static final String DEADBAND_FORMS = "a plain number for an absolute deadband in the value's unit,"
            + " e.g. deadband: 0.5, or a percentage of the node's EURange, e.g. deadband: \"2%\"";

    private OpcUaBinder() {
    }

    static MachineIo bind(YamlMap machine, YamlValue opcua) {
        Optional<YamlMap> map = opcua.map("endpoint", "security", "auth", "profile", "root");
        Optional<Profile> profile = map.flatMap(m -> m.get("profile")).flatMap(v -> v.oneOf(PROFILES))
                .flatMap(Profile::ofConfigName);
        Optional<Connection> connection = map.flatMap(m -> connection(m, profile.orElse(null)));
        BoundSignals written = machine.get("signals")
                .map(section -> BoundSignals.bind(section, OpcUaBinder::signal))
                .orElse(BoundSignals.none());
        BoundSignals signals = profile.map(p -> withStandardSignals(p, written)).orElse(written);
        boolean hasProfile = map.map(m -> m.has("profile")).orElse(true);
        if (!hasProfile && signals.names().isEmpty()) {
            machine.problem(machine.path() + " reads nothing: add signals (OPC UA nodes), or a profile under opcua"
                    + " (" + String.join(", ", PROFILES) + ")");
        }
        return new MachineIo(connection, signals, profile);
    }

    private static Optional<Connection> connection(YamlMap map, Profile profile) {
        Problems problems = map.context().problems();
        int before = problems.count();
        Optional<URI> endpoint = map.require("endpoint", "the machine's OPC UA server, " + ENDPOINT_EXAMPLE)
                .flatMap(OpcUaBinder::endpoint);
        Optional<Security> security = map.read("security", OpcUaBinder::security, new Security(NONE, NONE, false));
        Optional<YamlMap> auth = map.get("auth").flatMap(v -> v.map("username", "password", "passwordFile",
                "certFile", "keyFile"));
        boolean certificate = auth.map(a -> a.has("certFile") || a.has("keyFile")).orElse(false);
        String username = null;
        Secret password = null;
        Path certFile = null;
        Path keyFile = null;
        if (certificate) {
            YamlMap a = auth.orElseThrow();
            if (a.has("username") || a.has("password") || a.has("passwordFile")) {
                a.problem(a.path() + " has both a user name and a certificate: the agent logs in with one identity,"
                        + " keep username and password, or certFile and keyFile");
            }
            certFile = a.require("certFile", "the user's certificate (PEM), e.g. certFile: secrets/edge-user.pem")
                    .flatMap(YamlValue::filePath).orElse(null);
            keyFile = a.require("keyFile", "the user certificate's private key (PEM), e.g. keyFile: secrets/edge-user.key")
                    .flatMap(YamlValue::filePath).orElse(null);
        } else {
            username = auth.flatMap(a -> a.require("username", "the user name on the OPC UA server"))
                    .flatMap(YamlValue::text).orElse(null);
            password = auth.flatMap(SecretBinder::bind).orElse(null);
        }
        if (certificate && security.filter(s -> s.policy().equals(NONE)).isPresent()) {
            map.get("auth").orElseThrow().problem(map.child("auth") + " logs in with a certificate, which needs a"
                    + " secured channel: add security: { policy: Basic256Sha256 }");
        }
        NodeRef root = map.get("root").flatMap(NodeIds::read).orElse(null);
        String user = username;
        Secret secret = password;
        Path cert = certFile;
        Path key = keyFile;
        return problems.ifNoneSince(before, () -> new OpcUaConnection(endpoint.orElseThrow(),
                security.orElseThrow().policy(), security.orElseThrow().mode(), security.orElseThrow().trustOnFirstUse(),
                user, secret, cert, key, profile, root));
    }

    /** The profile's variables, then the file's signals; one of the file named like a standard one replaces it. */
    private static BoundSignals withStandardSignals(Profile profile, BoundSignals written) {
        List<String> names = new ArrayList<>();
        Map<String, SignalConfig> configs = new LinkedHashMap<>();
        for (Profile.Signal standard : profile.signals()) {
            names.add(standard.name());
            configs.put(standard.name(), new OpcUaSignalConfig(standard.name(), standard.path(),
                    PROFILE_SAMPLING, 0, false, 1, standard.conversion()));
        }
        written.names().stream().filter(name -> !names.contains(name)).forEach(names::add);
        return new BoundSignals(names, written.configs().map(file -> {
            configs.putAll(file);
            return Collections.unmodifiableMap(configs);
        }));
    }

    // Never echoed: an endpoint URL may carry user info.
    private static Optional<URI> endpoint(YamlValue value) {
        return value.text().flatMap(text -> {
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                value.problem(value.path() + " is not a valid OPC UA endpoint: write opc.tcp://host:port, "
                        + ENDPOINT_EXAMPLE);
                return Optional.empty();
            }
            String problem = null;
            if (!text.contains("://")) {
                problem = " has no scheme: OPC UA endpoints start with opc.tcp://, " + ENDPOINT_EXAMPLE;
            } else if (!"opc.tcp".equals(uri.getScheme())) {
                problem = " uses scheme '" + uri.getScheme() + "': OPC UA endpoints start with opc.tcp://, "
                        + ENDPOINT_EXAMPLE;
            } else if (uri.getRawUserInfo() != null) {
                problem = " contains a user name or password: remove it and use auth: { username, passwordFile }";
            } else if (uri.getHost() == null) {
                problem = " has no valid host name: write opc.tcp://host:port, " + ENDPOINT_EXAMPLE;
            } else if (uri.getPort() >= 0 && !Ports.isValid(uri.getPort())) {
                problem = " has port " + uri.getPort() + ": use a port from " + Ports.RANGE + " (" + DEFAULT_PORT
                        + " when left out), " + ENDPOINT_EXAMPLE;
            }
            if (problem != null) {
                value.problem(value.path() + problem);
                return Optional.empty();
            }
            return Optional.of(uri.getPort() < 0 ? withDefaultPort(uri) : uri);
        });
    }

    private static URI withDefaultPort(URI uri) {
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), DEFAULT_PORT, uri.getPath(), uri.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("a parsed URI with a port added must stay valid", e);
        }
    }

    private static Optional<String> policy(YamlValue value) {
        Optional<String> withdrawn = value.text().filter(WITHDRAWN::contains);
        if (withdrawn.isPresent()) {
            value.problem(value.path() + " " + withdrawn.get() + " was withdrawn by the OPC Foundation (SHA-1) and is"
                    + " not supported: use Basic256Sha256 or, if the server offers it, Aes128_Sha256_RsaOaep");
            return Optional.empty();
        }
        return value.oneOf(OpcUaSecurity.POLICIES);
    }

    /** A secured policy defaults to mode SignAndEncrypt, since the default None would contradict it. */
    private static Optional<Security> security(YamlValue value) {
        return value.map("policy", "mode", "trustOnFirstUse").flatMap(map -> {
            Problems problems = map.context().problems();
            int before = problems.count();
            Optional<String> policy = map.read("policy", OpcUaBinder::policy, NONE);
            String defaultMode = policy.filter(p -> !p.equals(NONE)).map(p -> "SignAndEncrypt").orElse(NONE);
            Optional<String> mode = map.read("mode", v -> v.oneOf(OpcUaSecurity.MODES), defaultMode);
            if (policy.isPresent() && mode.isPresent() && policy.get().equals(NONE) != mode.get().equals(NONE)) {
                map.problem(map.path() + " has policy " + policy.get() + " with mode " + mode.get()
                        + ": policy None goes only with mode None, and a secured policy needs mode Sign or"
                        + " SignAndEncrypt");
            }
            Optional<Boolean> trustOnFirstUse = map.read("trustOnFirstUse", YamlValue::bool, false);
            if (trustOnFirstUse.orElse(false) && policy.filter(NONE::equals).isPresent()) {
                map.get("trustOnFirstUse").orElseThrow().problem(map.child("trustOnFirstUse") + " is about the"
                        + " server's certificate, which policy None does not use: remove it or set a policy");
            }
            return problems.ifNoneSince(before, () -> new Security(policy.orElseThrow(), mode.orElseThrow(),
                    trustOnFirstUse.orElseThrow()));
        });
    }

    private static Optional<SignalConfig> signal(String name, YamlValue value) {
        return value.map("node", "samplingMs", "deadband", "queueSize").flatMap(map -> {
            Problems problems = map.context().problems();
            int before = problems.count();
            Optional<NodeRef> node = map.require("node", "the OPC UA node id, e.g. node: \"ns=2;s=Mould.Temperature\","
                    + " or its browse path below the machine, e.g. node: /Process/MouldTemperature")
                    .flatMap(NodeIds::read);
            Optional<Long> samplingMs = map.read("samplingMs", v -> v.whole(10, 3_600_000, "milliseconds"), 1000L);
            Optional<Deadband> deadband = map.read("deadband", OpcUaBinder::deadband, new Deadband(0, false));
            Optional<Integer> queueSize = map.read("queueSize", v -> v.wholeInt(1, MAX_QUEUE_SIZE, "values"), 1);
            return problems.ifNoneSince(before, () -> new OpcUaSignalConfig(name, node.orElseThrow(),
                    Duration.ofMillis(samplingMs.orElseThrow()), deadband.orElseThrow().value(),
                    deadband.orElseThrow().percent(), queueSize.orElseThrow()));
        });
    }

    /** A number is an absolute deadband, as before percentages existed; text must be a percentage. */
    private static Optional<Deadband> deadband(YamlValue value) {
        Tag tag = value.node().getTag();
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return value.number(0, false, null).map(absolute -> new Deadband(absolute, false));
        }
        if (!tag.equals(Tag.STR)) {
            value.problem(value.path() + " must be " + DEADBAND_FORMS);
            return Optional.empty();
        }
        return value.text().flatMap(text -> {
            Matcher percent = PERCENT.matcher(text);
            if (!percent.matches()) {
                value.problem(value.path() + " '" + text + "' is not a deadband: write " + DEADBAND_FORMS);
                return Optional.empty();
            }
            double percentage = Double.parseDouble(percent.group(1));
            if (percentage <= 0 || percentage > 100) {
                value.problem(value.path() + " is " + text + ", out of range: a percentage deadband is above 0% and"
                        + " at most 100%, e.g. \"2%\"");
                return Optional.empty();
            }
            return Optional.of(new Deadband(percentage, true));
        });
    }

    private record Security(String policy, String mode, boolean trustOnFirstUse) {
    }

    private record Deadband(double value, boolean percent) {
    }
}
