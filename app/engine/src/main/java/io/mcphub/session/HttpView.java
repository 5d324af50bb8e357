package io.mcphub.session;

import java.util.Map;

/**
 * The client's HTTP request as routing and upstreams see it: headers and cookies read on demand (nothing is copied
 * while the request is live), and a sink for headers to add to the client's answer (a sticky strategy's Set-Cookie
 * or X-MCPHub-Node). The HTTP edge implements it over the server's request; see {@code LiveHttpView} for how a read
 * stays safe after the request has been recycled.
 *
 * <p><b>Threading:</b> implementations are safe for any thread. <b>Nullability:</b> {@link #header} and
 * {@link #cookie} return null when absent; arguments are never null.
 */
public interface HttpView {
    /** No HTTP request (a message the hub makes itself, or a test): no headers, and added headers go nowhere. */
    HttpView NONE = new HttpView() {
        @Override
        public String header(String name) {
            return null;
        }

        @Override
        public String cookie(String name) {
            return null;
        }

        @Override
        public void addResponseHeader(String name, String value) {
            // nowhere to go
        }
    };

    /**
     * The request's headers whose names start with {@code prefix} (ignoring case), first value each; empty when none.
     * Used for the headers that go on with a request, such as 2026-07-28's {@code Mcp-Param-*}.
     */
    default Map<String, String> headersStartingWith(String prefix) {
        return Map.of();
    }

    /** The first value of a request header; names compare ignoring case. */
    String header(String name);

    /** The value of a request cookie; names compare exactly. */
    String cookie(String name);

    /** Adds a header to the client's answer; ignored once it is too late (the answer's headers are written). */
    void addResponseHeader(String name, String value);
}
