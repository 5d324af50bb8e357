package io.mcphub.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.awaitility.Awaitility;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;

/** HTTP/1.1 on a raw socket, for tests that need to control how the bytes of a request arrive. */
final class RawHttp {
    private RawHttp() {}

    /** A Jetty server as the hub runs one (its thread pool and connector) on 127.0.0.1 and a free port; not started. */
    static Server localServer() {
        Server server = new Server(EdgeThreadPools.create(50));
        ServerConnector connector = new EdgeConnector(server, new HttpConnectionFactory());
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        return server;
    }

    /** The port a started {@link #localServer} listens on. */
    static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** Waits until {@code server}'s connections have read at least {@code bytes} bytes, all told. */
    static void awaitRead(Server server, long bytes) {
        ServerConnector connector = (ServerConnector) server.getConnectors()[0];
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> connector.getConnectedEndPoints().stream()
                                .map(EndPoint::getConnection)
                                .filter(HttpConnection.class::isInstance)
                                .mapToLong(c -> ((HttpConnection) c).getBytesIn())
                                .sum()
                        >= bytes);
    }

    /** The body of one answer framed by Content-Length. */
    static String readBody(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed in the head: " + head);
            }
            head.write(c);
            last4 = (last4 << 8) | c;
        }
        int length = -1;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        assertTrue(length >= 0, "the answer has a Content-Length: " + head);
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
