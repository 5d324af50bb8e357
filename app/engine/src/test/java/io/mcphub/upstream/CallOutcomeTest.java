package io.mcphub.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The one rendering of call outcomes into the client's JSON-RPC answer (the wire contract clients and coordinators
 * read), and the composition of a call's steps.
 */
class CallOutcomeTest {
    private static final IntNode ID = IntNode.valueOf(7);

    @Test
    void refusedBeforeSending_isServerUnavailable_neverReached_withWhatIsKnownOfThePeer() {
        ObjectNode r = CallOutcome.render(
                new CallOutcome.Refused(
                        "alpha", "Server alpha is unavailable: refused", null, null, null, CallOutcome.Peer.DOWN),
                ID);
        assertEquals(7, r.path("id").asInt());
        assertEquals(JsonRpc.SERVER_UNAVAILABLE, r.path("error").path("code").asInt());
        assertEquals(
                "Server alpha is unavailable: refused",
                r.path("error").path("message").asText());
        assertEquals(
                Json.object().put("server", "alpha").put("reached", false).put("peerDown", true),
                r.path("error").path("data"));
        ObjectNode unknown = CallOutcome.render(
                new CallOutcome.Refused("alpha", "m", null, "disconnected", "boom", CallOutcome.Peer.UNKNOWN), ID);
        assertEquals(
                Json.object()
                        .put("server", "alpha")
                        .put("status", "disconnected")
                        .put("reached", false)
                        .put("lastError", "boom"),
                unknown.path("error").path("data"));
    }

    @Test
    void mayHaveRun_saysReached_andNamesTheNode() {
        ObjectNode r = CallOutcome.render(
                new CallOutcome.MayHaveRun("alpha", "it broke", "node-1", CallOutcome.Peer.UNKNOWN), ID);
        assertEquals(JsonRpc.SERVER_UNAVAILABLE, r.path("error").path("code").asInt());
        assertEquals(
                Json.object().put("server", "alpha").put("node", "node-1").put("reached", true),
                r.path("error").path("data"));
    }

    @Test
    void timeoutAndCancel_keepTheirCodesAndMessages() {
        ObjectNode t = CallOutcome.render(new CallOutcome.TimedOut("alpha", "tools/call", 1500), ID);
        assertEquals(JsonRpc.REQUEST_TIMEOUT, t.path("error").path("code").asInt());
        assertEquals(
                "Request timed out: alpha did not answer tools/call within 1500 ms",
                t.path("error").path("message").asText());
        assertEquals(1500, t.path("error").path("data").path("timeoutMs").asInt());
        ObjectNode c = CallOutcome.render(new CallOutcome.Cancelled("user left"), ID);
        assertEquals(JsonRpc.REQUEST_CANCELLED, c.path("error").path("code").asInt());
        assertEquals(
                "Request cancelled: user left", c.path("error").path("message").asText());
        assertFalse(c.path("error").has("data"));
    }

    @Test
    void anAnswer_isPassedOnWithTheClientsId() {
        ObjectNode fromPeer = JsonRpc.result(LongNode.valueOf(42), Json.object().put("ok", true));
        ObjectNode r = CallOutcome.render(new CallOutcome.Answered(fromPeer), ID);
        assertSame(fromPeer, r, "the peer's answer is not copied");
        assertEquals(7, r.path("id").asInt());
        assertTrue(r.path("result").path("ok").asBoolean());
    }

    @Test
    void aCancelBeforeAnyStep_endsTheCall_andAStepAttachedLaterIsCancelledAtOnce() {
        PendingCall call = new PendingCall();
        call.cancel("gone");
        assertEquals(new CallOutcome.Cancelled("gone"), call.outcome().getNow(null));
        AtomicReference<String> heard = new AtomicReference<>();
        assertFalse(call.attach(heard::set));
        assertEquals("gone", heard.get());
    }

    @Test
    void aCancel_reachesTheCurrentStepOnly_andTheFirstOutcomeWins() {
        PendingCall call = new PendingCall();
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        assertTrue(call.attach(reason -> first.incrementAndGet()));
        assertTrue(call.attach(reason -> {
            second.incrementAndGet();
            call.complete(new CallOutcome.Cancelled(reason));
        }));
        call.cancel("stop");
        assertEquals(0, first.get(), "a step that was replaced hears nothing");
        assertEquals(1, second.get());
        assertFalse(call.complete(new CallOutcome.Answered(JsonRpc.result(ID, Json.object()))));
        assertEquals(CallOutcome.Kind.CANCELLED, call.outcome().getNow(null).kind());
    }
}
