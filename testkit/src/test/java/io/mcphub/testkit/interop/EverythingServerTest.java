package io.mcphub.testkit.interop;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EverythingServerTest {

    @Test
    void close_stopsTheServerAndFreesThePort() {
        EverythingServer server = EverythingServer.start(EverythingServer.Mode.STREAMABLE_HTTP);
        assertTrue(FreePort.accepts(server.port()));
        assertTrue(server.url().endsWith("/mcp"));
        server.close();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !server.process().isAlive() && !FreePort.accepts(server.port()));
    }
}
