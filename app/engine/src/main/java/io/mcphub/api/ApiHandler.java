package io.mcphub.api;

import io.mcphub.mode.ModeApi;

/** Answers one management or cluster endpoint. Runs on a request thread; may block briefly. */
@FunctionalInterface
@ModeApi
public interface ApiHandler {
    ApiResponse handle(ApiRequest request) throws Exception;
}
