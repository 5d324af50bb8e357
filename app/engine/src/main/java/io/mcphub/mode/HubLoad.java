package io.mcphub.mode;

/**
 * How busy the hub is right now.
 *
 * @param sessions its open client sessions
 * @param inFlight the client requests it is handling
 */
public record HubLoad(int sessions, int inFlight) {}
