package io.mcphub.http;

import java.util.ArrayDeque;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumes a client's HTTP/1.1 connection on the thread that wrote its answer, instead of waking a pool thread for it.
 *
 * <p>Why: when an answer is completed by a thread other than the one that read its request (every answer the hub
 * forwards: the upstream's reader thread writes it, after the request's handler returned), Jetty hands the
 * connection to its thread pool to look for the next request. Nearly always there is none yet (the client is still
 * reading its answer), so a pool thread is woken only to re-arm the read interest: one thread wake-up per request
 * (a coordinator's pool threads parked and woken in 9.3% of its samples at 16 sessions before, 7.4% after; the rest
 * is the selector's hand-off to a reserved thread: benchmarks/README.md, "Profiles and fixes"). Here the answering
 * thread takes that job and runs it once its write and every callback under it returned. A request found waiting in
 * the connection is not served on that thread: {@link EdgeDispatch} hands its handling to the pool, so a thread that
 * reads an upstream's answers never blocks in a client's handler.
 *
 * <p><b>Threading:</b> per thread (a thread-local slot); any thread may answer.
 */
final class ConnectionResumes {
    private static final Logger log = LoggerFactory.getLogger(ConnectionResumes.class);
    /** Made by the first {@link #answer} on a thread: on JDK 21+ each request runs on a new virtual thread, and
     * {@link #resuming} (every request) and {@link #defer} (every pool job) must not make one each. */
    private static final ThreadLocal<Slot> SLOT = new ThreadLocal<>();

    private static final class Slot {
        boolean answering;
        boolean resuming;
        final ArrayDeque<Runnable> deferred = new ArrayDeque<>(2);
    }

    private ConnectionResumes() {}

    /**
     * Runs the write of an answer; a connection Jetty resumes meanwhile on this thread's behalf is run here, after
     * {@code write} returned.
     */
    static void answer(Runnable write) {
        Slot s = SLOT.get();
        if (s == null) {
            s = new Slot();
            SLOT.set(s);
        }
        if (s.answering || s.resuming) {
            // nested (an answer written from a resumed connection's callbacks): the outermost call drains
            write.run();
            return;
        }
        s.answering = true;
        try {
            write.run();
        } finally {
            s.answering = false;
            // also when the write threw: a connection taken from the pool must be resumed by someone
            drain(s);
        }
    }

    private static void drain(Slot s) {
        Runnable job;
        while ((job = s.deferred.poll()) != null) {
            s.resuming = true;
            try {
                job.run();
            } catch (RuntimeException | Error e) {
                log.warn("resuming a connection failed", e);
            } finally {
                s.resuming = false;
            }
        }
    }

    /**
     * For the server's thread pool: takes {@code job} to be run by the answering thread when it is a connection
     * resumed under {@link #answer}; false for everything else (the pool runs it).
     */
    static boolean defer(Runnable job) {
        if (!(job instanceof Connection)) {
            return false;
        }
        Slot s = SLOT.get();
        if (s == null || !s.answering) {
            return false;
        }
        s.deferred.add(job);
        return true;
    }

    /** Whether this thread is running a resumed connection: a request it finds must be served elsewhere. */
    static boolean resuming() {
        Slot s = SLOT.get();
        return s != null && s.resuming;
    }
}
