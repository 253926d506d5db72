package io.edgeagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {

    private static final List<String> OPCUA_KEYS = List.of("endpoint", "security", "auth", "profile");

    @Test
    void swappedLettersAreOneEdit() {
        assertEquals(1, DidYouMean.distance("endpiont", "endpoint"));
        assertEquals(Optional.of("endpoint"), DidYouMean.closest("endpiont", OPCUA_KEYS));
    }

    @Test
    void caseIsIgnored() {
        assertEquals(Optional.of("endpoint"), DidYouMean.closest("EndPoint", OPCUA_KEYS));
    }

    @Test
    void farAwayWordsGetNoSuggestion() {
        assertEquals(Optional.empty(), DidYouMean.closest("pollMs", OPCUA_KEYS));
        assertEquals(Optional.empty(), DidYouMean.closest("x", List.of("id")));
    }

    @Test
    void closestOfSeveralWins() {
        assertEquals(Optional.of("uint32"), DidYouMean.closest("unit32", List.of("int32", "uint32", "uint16")));
    }
}
