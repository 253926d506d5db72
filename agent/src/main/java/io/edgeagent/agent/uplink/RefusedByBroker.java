package io.edgeagent.agent.uplink;

/**
 * The broker acknowledged a publish with an error reason code (MQTT v5 PUBACK 0x80 and above): it received
 * the message and will not take it. Paho 1.2.5 reports such a PUBACK as a success (paho.mqtt.java #1105),
 * so the link turns it into this failure.
 */
public final class RefusedByBroker extends Exception {

    private static final long serialVersionUID = 1L;
    /** Quota exceeded: the one refusal that may pass on its own, so the message is sent again later. */
    private static final int QUOTA_EXCEEDED = 0x97;

    private final int reasonCode;

    public RefusedByBroker(int reasonCode, String reasonString) {
        super(describe(reasonCode) + (reasonString == null ? "" : ": " + reasonString), null, false, false);
        this.reasonCode = reasonCode;
    }

    public int reasonCode() {
        return reasonCode;
    }

    /** Whether sending the same message again would be refused again. */
    public boolean permanent() {
        return reasonCode != QUOTA_EXCEEDED;
    }

    private static String describe(int code) {
        String name = switch (code) {
            case 0x80 -> "unspecified error";
            case 0x83 -> "implementation specific error";
            case 0x87 -> "not authorised (check the broker's access rules for this client and topic)";
            case 0x90 -> "topic name invalid";
            case 0x91 -> "packet identifier in use";
            case 0x97 -> "quota exceeded";
            case 0x99 -> "payload format invalid";
            default -> "error";
        };
        return String.format("broker refused the message: %s (reason code 0x%02X)", name, code);
    }
}
