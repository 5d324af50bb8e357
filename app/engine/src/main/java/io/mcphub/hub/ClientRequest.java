package io.mcphub.hub;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The HTTP side of a client's request, as far as routing needs it: headers and cookies in, and headers to add to
 * the answer (a sticky strategy's Set-Cookie or X-MCPHub-Node). The transport applies those before it writes.
 */
public final class ClientRequest {
    public static final ClientRequest NONE = new ClientRequest(Map.of(), Map.of());

    private final Map<String, String> headers;
    private final Map<String, String> cookies;
    private final List<Map.Entry<String, String>> responseHeaders = new CopyOnWriteArrayList<>();

    public ClientRequest(Map<String, String> headers, Map<String, String> cookies) {
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        this.headers = h;
        this.cookies = Map.copyOf(cookies);
    }

    public String header(String name) {
        return headers.get(name);
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    public void addResponseHeader(String name, String value) {
        if (this != NONE) responseHeaders.add(Map.entry(name, value));
    }

    public List<Map.Entry<String, String>> responseHeaders() {
        return responseHeaders;
    }
}
