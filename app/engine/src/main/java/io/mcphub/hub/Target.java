package io.mcphub.hub;

/** Where an exposed name leads: a server and the name the server itself uses. */
public record Target(String server, String name) {}
