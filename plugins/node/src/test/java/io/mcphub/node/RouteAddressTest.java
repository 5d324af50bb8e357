package io.mcphub.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mcphub.mode.AdvertisedAddress;
import org.junit.jupiter.api.Test;

/** The URL a node advertises when nothing configures it: its real port, and an address the coordinator can use. */
class RouteAddressTest {

    @Test
    void boundToOneAddress_advertisesThatAddressAndItsRealPort() {
        assertEquals(
                "http://10.1.2.3:43117",
                RouteAddress.url(new AdvertisedAddress("10.1.2.3", 43117), "http://127.0.0.1:3000"));
        assertEquals(
                "http://[::1]:43117", RouteAddress.url(new AdvertisedAddress("::1", 43117), "http://127.0.0.1:3000"));
    }

    @Test
    void boundToEveryInterface_advertisesTheAddressTowardsTheCoordinator() {
        assertEquals(
                "http://127.0.0.1:4101",
                RouteAddress.url(new AdvertisedAddress("0.0.0.0", 4101), "http://127.0.0.1:4100"));
        assertEquals(
                "http://127.0.0.1:4102",
                RouteAddress.url(new AdvertisedAddress("0.0.0.0", 4102), "http://localhost:4100"));
    }

    @Test
    void coordinatorThatDoesNotResolve_fallsBackToTheHostName() {
        AdvertisedAddress bound = new AdvertisedAddress("0.0.0.0", 4103);
        assertEquals(bound.url(), RouteAddress.url(bound, "http://no-such-host.invalid:4100"));
    }
}
