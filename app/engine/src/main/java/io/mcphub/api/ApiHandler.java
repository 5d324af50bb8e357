package io.mcphub.api;

/** Answers one management or cluster endpoint. Runs on a request thread; may block briefly. */
@FunctionalInterface
public interface ApiHandler {
    ApiResponse handle(ApiRequest request) throws Exception;
}
