package io.mcphub.session;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The live client sessions, by id, bounded in number and swept when idle. */
public final class SessionRegistry {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private final int max;
    private final Duration idleTimeout;

    public SessionRegistry(int max, Duration idleTimeout) {
        this.max = max;
        this.idleTimeout = idleTimeout;
    }

    /** A session id that cannot be guessed: 128 random bits, URL-safe. */
    public static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Registers a session; null when the hub is at its session limit. */
    public ClientSession add(ClientSession s) {
        if (sessions.size() >= max) {
            return null;
        }
        sessions.put(s.id(), s);
        return s;
    }

    /**
     * Registers a session re-created from its id (another hub opened it), unless a request racing this one already
     * did: then that one is returned. Null when the hub is at its session limit.
     */
    public ClientSession addIfAbsent(ClientSession s) {
        if (sessions.size() >= max) {
            return null;
        }
        ClientSession before = sessions.putIfAbsent(s.id(), s);
        return before == null ? s : before;
    }

    /**
     * Gives a session that has just initialized the id a mode plugin minted for it, before the id leaves the hub.
     *
     * @return the session that held {@code newId} before (it is no longer registered), or null
     */
    public ClientSession rekey(ClientSession s, String newId) {
        if (newId.equals(s.id())) {
            return null;
        }
        sessions.remove(s.id(), s);
        s.id(newId);
        ClientSession before = sessions.put(newId, s);
        return before == s ? null : before;
    }

    public ClientSession get(String id) {
        return id == null ? null : sessions.get(id);
    }

    public ClientSession remove(String id) {
        return sessions.remove(id);
    }

    public Collection<ClientSession> all() {
        return sessions.values();
    }

    public int size() {
        return sessions.size();
    }

    /** Removes sessions idle longer than the timeout and hands each to {@code closer}. */
    public void sweep(Consumer<ClientSession> closer) {
        for (ClientSession s : sessions.values()) {
            if (s.idle().compareTo(idleTimeout) > 0 && sessions.remove(s.id(), s)) {
                closer.accept(s);
            }
        }
    }
}
