package io.edgeagent.agent.config;

import io.edgeagent.drivers.opcua.BrowsePath;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the config names an OPC UA node: a node id in the string syntax of OPC 10000-6 5.3.1.10
 * ({@code ns=<index>;<type>=<id>}, {@code nsu=<uri>;<type>=<id>}, or {@code <type>=<id>} in namespace 0, with
 * type s (string), i (number), g (GUID) or b (base64)), or a browse path starting with {@code /}, whose syntax
 * is the driver's ({@link BrowsePath}).
 */
final class NodeIds {

    static final Pattern NODE_ID = Pattern.compile("(?:(?:ns=(\\d+)|nsu=[^;]+);)?"
            + "(?:s=.+|i=(\\d+)|g=\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}"
            + "|b=[A-Za-z0-9+/]+={0,2})");
    private static final BigInteger MAX_NAMESPACE = BigInteger.valueOf(65_535);
    private static final BigInteger MAX_NUMERIC_ID = BigInteger.valueOf(4_294_967_295L);

    private NodeIds() {
    }

    static Optional<String> read(YamlValue value) {
        return value.text().filter(text -> {
            if (text.startsWith(BrowsePath.PREFIX)) {
                return isBrowsePath(value, text);
            }
            Matcher matcher = NODE_ID.matcher(text);
            String problem = null;
            if (!matcher.matches()) {
                problem = "is not an OPC UA node id: write ns=<namespace index>;s=<name> (or i=<number>,"
                        + " g=<guid>, b=<base64>), or nsu=<namespace uri>;s=<name>, e.g. ns=2;s=Mould.Temperature,"
                        + " or a browse path, e.g. /MachineStatus/MachineMode";
            } else if (matcher.group(1) != null && new BigInteger(matcher.group(1)).compareTo(MAX_NAMESPACE) > 0) {
                problem = "has namespace index " + matcher.group(1) + ": use 0 to 65535";
            } else if (matcher.group(2) != null && new BigInteger(matcher.group(2)).compareTo(MAX_NUMERIC_ID) > 0) {
                problem = "has numeric id " + matcher.group(2) + ": use 0 to 4294967295";
            }
            if (problem != null) {
                value.problem(value.path() + " '" + text + "' " + problem);
            }
            return problem == null;
        });
    }

    private static boolean isBrowsePath(YamlValue value, String text) {
        try {
            BrowsePath.parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            value.problem(value.path() + " '" + text + "' is not a browse path: " + e.getMessage());
            return false;
        }
    }
}
