package io.mcphub.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class NodeIdentityTest {

    @Test
    void derivedId_isNodeDashTheFirst12HexOfSha256OfTheUrl() {
        // printf 'http://10.0.0.5:3001' | sha256sum | cut -c1-12
        assertEquals("node-e2559def310c", NodeIdentity.derivedId("http://10.0.0.5:3001"));
        assertNotEquals(NodeIdentity.derivedId("http://10.0.0.5:3001"), NodeIdentity.derivedId("http://10.0.0.5:3002"));
    }

    @Test
    void unconfigured_usesTheAdvertisedUrlAndTheHostName() {
        NodeIdentity i = NodeIdentity.of(null, null, null, "http://10.0.0.5:3001");
        assertEquals(new NodeIdentity("node-e2559def310c", NodeIdentity.hostName(), "http://10.0.0.5:3001"), i);
        assertFalse(i.name().isBlank());
    }

    @Test
    void configuredValues_win_andAConfiguredUrlDerivesTheId() {
        assertEquals(
                new NodeIdentity("node-1", "Worker Node 1", "http://a:1"),
                NodeIdentity.of("node-1", "Worker Node 1", "http://a:1", "http://127.0.0.1:9"));
        assertEquals(
                "node-e2559def310c",
                NodeIdentity.of(null, "n", "http://10.0.0.5:3001", "http://127.0.0.1:9")
                        .id());
    }
}
