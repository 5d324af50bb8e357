package io.mcphub.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.mode.SessionState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionSealTest {
    private static final String SECRET = "seal-test-secret-0123456789";

    private static SessionState state() {
        ObjectNode caps = Json.object();
        caps.putObject("sampling");
        caps.putObject("elicitation");
        ObjectNode info = Json.object().put("name", "client").put("version", "1.2.3");
        return new SessionState("2025-06-18", caps, info, Instant.ofEpochMilli(1_700_000_000_000L), "group:team");
    }

    @Test
    void anIdSealedByOneCoordinator_opensOnAnotherWithTheSameSecret() {
        List<String> opened = new ArrayList<>();
        String id = new SessionSeal(SECRET).mint(state(), null);
        SessionState back = new SessionSeal(SECRET, opened::add).open(id);
        assertEquals(state(), back);
        assertEquals(List.of(id), opened);
        assertTrue(id.startsWith("s1.") && id.chars().allMatch(c -> c > 0x20 && c < 0x7f), id);
    }

    @Test
    void everyIdIsDistinct_evenForTheSameState() {
        SessionSeal seal = new SessionSeal(SECRET);
        assertNotEquals(seal.mint(state(), null), seal.mint(state(), null));
    }

    @Test
    void aTamperedForgedOrForeignId_opensToNothing() {
        SessionSeal seal = new SessionSeal(SECRET);
        String id = seal.mint(state(), null);
        char last = id.charAt(id.length() - 5);
        String tampered = id.substring(0, id.length() - 5) + (last == 'A' ? 'B' : 'A') + id.substring(id.length() - 4);
        assertNull(seal.open(tampered));
        assertNull(seal.open(new SessionSeal("another-cluster-secret-xyz").mint(state(), null)));
        assertNull(seal.open("s1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        assertNull(seal.open("s1.not base64!"));
        assertNull(seal.open("RandomOldStyleId0123456789"));
        assertNull(seal.open(id.substring(0, 10)));
    }
}
