package io.mcphub.upstream;

/** One server-sent event as read off the wire. */
public record SseEvent(String id, String event, String data, Long retry) {}
