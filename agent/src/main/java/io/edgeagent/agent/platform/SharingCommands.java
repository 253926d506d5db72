package io.edgeagent.agent.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeagent.agent.capacity.CapacityEngine;
import io.edgeagent.agent.feed.json.Payloads;
import io.edgeagent.agent.ingest.Ingest;
import io.edgeagent.agent.sharing.SharingAnswer;
import io.edgeagent.agent.sharing.SharingOffers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The platform's {@code sharing} command: reads ({@code get}) or replaces ({@code set}) the sharing rules of one
 * machine or of all. A {@code set} is checked, kept durably and put in force in the capacity engine (on the ingest
 * thread that owns it, so the new windows are published) before it is answered.
 *
 * <pre>
 * {"requestId": "s-1", "action": "get", "machine": "imm-07"}
 * {"requestId": "s-2", "action": "set", "machine": "imm-07", "ifVersion": 4,
 *  "sharing": {"calendar": {"weekly": [{"days": ["MON", "TUE"], "from": "18:00", "to": "06:00"}],
 *              "closed": ["2026-12-25"]},
 *              "minWindowMinutes": 90,
 *              "maintenance": [{"machine": "imm-07", "from": "2026-12-01T08:00", "to": "2026-12-01T12:00"}]}}
 * </pre>
 * Without {@code machine} the request is about all machines.
 */
public final class SharingCommands {

    static final String SHARING = "sharing";
    private static final List<String> ACTIONS = List.of("get", "set");
    /** Room for a misspelt action to be echoed back in the answer's reason. */
    private static final int MAX_ACTION_LENGTH = 16;

    private final SharingOffers offers;
    private final Ingest ingest;
    private final CapacityEngine engine;
    private final Payloads payloads;

    public SharingCommands(SharingOffers offers, Ingest ingest, CapacityEngine engine, Payloads payloads) {
        this.offers = offers;
        this.ingest = ingest;
        this.engine = engine;
        this.payloads = payloads;
    }

    Map<String, Command> commands() {
        return Map.of(SHARING, this::sharing);
    }

    private CompletableFuture<byte[]> sharing(String requestId, JsonNode request) {
        String action = Requests.required(request, "action", MAX_ACTION_LENGTH);
        if (!ACTIONS.contains(action)) {
            throw new BadRequest("'action' must be get or set, not '" + action + "'");
        }
        String machine = Requests.text(request, "machine", CapacityCommands.MAX_MACHINE_LENGTH);
        if (action.equals("get")) {
            return CompletableFuture.completedFuture(payloads.sharingAnswer(offers.get(requestId, machine),
                    offers.managedBy()));
        }
        JsonNode ifVersion = request.get("ifVersion");
        if (ifVersion != null && !ifVersion.isNull() && !(ifVersion.canConvertToLong() && ifVersion.isIntegralNumber()
                && ifVersion.asLong() >= 0)) {
            throw new BadRequest("'ifVersion' must be a whole number, the version the rules were read at (0 for the"
                    + " file's)");
        }
        JsonNode rules = request.get("sharing");
        if (rules == null || !rules.isObject()) {
            throw new BadRequest("'sharing' is required for set: an object with calendar, minWindowMinutes and"
                    + " maintenance, written as under sharing: in the config file");
        }
        // Kept durably here, on the command thread; put in force on the ingest thread before the answer goes out.
        SharingAnswer answer = offers.set(requestId, machine,
                ifVersion == null || ifVersion.isNull() ? null : ifVersion.asLong(), rules.toString());
        return ingest.submit(() -> {
            offers.apply(engine, answer.changed());
            return answer;
        }).thenApply(a -> payloads.sharingAnswer(a, offers.managedBy()));
    }
}
