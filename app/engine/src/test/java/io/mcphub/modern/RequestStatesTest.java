package io.mcphub.modern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The request states the hub seals: each check refuses what it must, and an intact state opens to what was sealed. */
class RequestStatesTest {
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final RequestStates states = RequestStates.random(clock);
    private final String caller = RequestStates.caller("Bearer a");

    private String sealed() {
        return states.seal(
                RequestStates.Kind.UPSTREAM, "srv", "inner", "tools/call", "srv-echo", caller, Duration.ofSeconds(60));
    }

    @Test
    void anIntactState_opensToWhatWasSealed() {
        RequestStates.Opened o = states.open(sealed(), "tools/call", "srv-echo", caller);
        assertTrue(o.ok(), o.refusal());
        assertEquals(new RequestStates.State(RequestStates.Kind.UPSTREAM, "srv", "inner"), o.state());
    }

    @Test
    void anExpiredState_isRefused() {
        String token = sealed();
        clock.now = clock.now.plusSeconds(61);
        RequestStates.Opened o = states.open(token, "tools/call", "srv-echo", caller);
        assertFalse(o.ok());
        assertTrue(o.refusal().contains("expired"), o.refusal());
    }

    @Test
    void aStateOfAnotherHub_anotherCaller_orAnotherRequest_isRefused() {
        String token = sealed();
        RequestStates other = RequestStates.random(clock);
        assertTrue(other.open(token, "tools/call", "srv-echo", caller).refusal().contains("verification"));
        assertTrue(states.open(token, "tools/call", "srv-echo", RequestStates.caller("Bearer b"))
                .refusal()
                .contains("another caller"));
        assertTrue(
                states.open(token, "tools/call", "srv-other", caller).refusal().contains("another request"));
        assertTrue(
                states.open(token, "prompts/get", "srv-echo", caller).refusal().contains("another request"));
        assertNull(states.open("plain", "tools/call", "srv-echo", caller).state());
    }

    @Test
    void statesSealedUnderOneClusterSecret_openOnEveryHubOfTheCluster() {
        RequestStates a = RequestStates.fromSecret("s3cret", clock);
        RequestStates b = RequestStates.fromSecret("s3cret", clock);
        String token =
                a.seal(RequestStates.Kind.HELD, "srv", "held-1", "tools/call", "x", caller, Duration.ofSeconds(5));
        assertTrue(b.open(token, "tools/call", "x", caller).ok());
        assertFalse(RequestStates.fromSecret("other", clock)
                .open(token, "tools/call", "x", caller)
                .ok());
    }
}
