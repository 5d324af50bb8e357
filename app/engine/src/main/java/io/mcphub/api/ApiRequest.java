package io.mcphub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.mode.ModeApi;
import java.util.Map;

/**
 * An HTTP request to a management or cluster endpoint, without the HTTP server: what mode plugins see.
 *
 * @param headers request headers, looked up case-insensitively
 * @param body the JSON body, or null when there is none
 */
@ModeApi
public record ApiRequest(
        String method,
        String path,
        Map<String, String> pathParams,
        Map<String, String> query,
        Map<String, String> headers,
        JsonNode body) {

    public String header(String name) {
        return headers.get(name);
    }

    public String query(String name) {
        return query.get(name);
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }
}
