package io.mcphub.upstream;

/**
 * Who caused an upstream request: the hub's client session and its request. Opaque to the upstream layer, which
 * hands it back with the notifications and server-to-client requests that belong to that request.
 */
public interface RequestOrigin {}
