package io.mcphub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.RunningHub;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.io.Connection;
import org.junit.jupiter.api.Test;

/**
 * A client's connection is resumed by the thread that wrote its answer ({@link ConnectionResumes}); requests that
 * thread finds waiting are served by the server's pool ({@link EdgeDispatch}), whatever handler they go to.
 */
class ResumedConnectionTest {

    @Test
    void connectionResumedWhileAnswering_runsOnTheAnsweringThreadOnceTheWriteReturned() {
        List<String> order = new ArrayList<>();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicReference<Boolean> resumingWhileRun = new AtomicReference<>();
        Runnable connection = connectionJob(() -> {
            order.add("resumed");
            ranOn.set(Thread.currentThread());
            resumingWhileRun.set(ConnectionResumes.resuming());
        });
        ConnectionResumes.answer(() -> {
            assertTrue(ConnectionResumes.defer(connection), "a connection resumed while answering is taken");
            order.add("write returned");
        });
        assertEquals(List.of("write returned", "resumed"), order);
        assertEquals(Thread.currentThread(), ranOn.get());
        assertTrue(resumingWhileRun.get(), "a request found while resuming must be served elsewhere");
        assertFalse(ConnectionResumes.resuming());
    }

    @Test
    void writeThatThrows_stillResumesTheConnectionItTook() {
        AtomicReference<Boolean> resumed = new AtomicReference<>(false);
        Runnable connection = connectionJob(() -> resumed.set(true));
        IllegalStateException thrown = assertThrows(
                IllegalStateException.class,
                () -> ConnectionResumes.answer(() -> {
                    assertTrue(ConnectionResumes.defer(connection));
                    throw new IllegalStateException("write failed");
                }));
        assertEquals("write failed", thrown.getMessage());
        assertTrue(resumed.get(), "the connection was taken from the pool, so the answering thread resumes it");
    }

    @Test
    void otherJobs_andConnectionsOutsideAnAnswer_goToThePool() {
        Runnable connection = connectionJob(() -> {});
        assertFalse(ConnectionResumes.defer(connection), "not answering: the pool runs it");
        ConnectionResumes.answer(() -> assertFalse(ConnectionResumes.defer(() -> {}), "not a connection"));
    }

    @Test
    void pipelinedRequests_behindAnAnswerFromTheServersThread_areEachAnsweredInOrder() throws Exception {
        try (RunningHub hub = RunningHub.startConnected(
                        "{\"mcpServers\": {\"fixture\": " + RunningHub.fixtureServer("fixture") + "}}", "fixture");
                Socket socket = new Socket("127.0.0.1", hub.url("/").getPort())) {
            socket.setSoTimeout(30_000);
            // one write: the first answer comes from the fixture's reader thread after the handler returned, so
            // that thread resumes the connection and finds the second request (an MCP POST) and the third (a
            // Javalin route) waiting
            String pipelined = call(1, "sleep", "{\"ms\": 300}") + call(2, "echo", "{\"text\": \"second\"}")
                    + "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(pipelined.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();

            JsonNode first = Json.parse(readAnswer(in));
            assertEquals(1, first.path("id").asInt(), first.toString());
            assertEquals("slept 300", first.at("/result/content/0/text").asText(), first.toString());
            JsonNode second = Json.parse(readAnswer(in));
            assertEquals(2, second.path("id").asInt(), second.toString());
            assertEquals("second", second.at("/result/content/0/text").asText(), second.toString());
            JsonNode health = Json.parse(readAnswer(in));
            assertEquals("healthy", health.path("status").asText(), health.toString());
        }
    }

    /** A stateless 2026-07-28 tools/call on /mcp/fixture. */
    private static String call(int id, String tool, String arguments) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + ",\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{},"
                + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"pipeline\",\"version\":\"1\"}}}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "POST /mcp/fixture HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2026-07-28\r\n"
                + "Mcp-Method: tools/call\r\nMcp-Name: " + tool + "\r\nContent-Length: " + bytes.length + "\r\n\r\n"
                + body;
    }

    /** One HTTP/1.1 answer's body (Content-Length or chunked); a 200 is required. */
    private static String readAnswer(InputStream in) throws IOException {
        String status = line(in);
        assertTrue(status.startsWith("HTTP/1.1 200"), status);
        int length = -1;
        boolean chunked = false;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (!chunked) {
            assertTrue(length >= 0, "an answer without a length");
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
            body.write(in.readNBytes(size));
            line(in);
        }
        line(in);
        return body.toString(StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection ended after: " + b);
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /** A job that is a Jetty {@link Connection}, as the one Jetty hands its pool to resume a connection. */
    private static Runnable connectionJob(Runnable body) {
        return (Runnable) Proxy.newProxyInstance(
                ResumedConnectionTest.class.getClassLoader(),
                new Class<?>[] {Runnable.class, Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("run")) {
                        body.run();
                    }
                    return null;
                });
    }
}
