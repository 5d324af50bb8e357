package io.mcphub.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An ordered, resumable stream of messages to one client: the answer stream of a POST, or a session's standalone
 * stream. Producers (upstream reader threads) only append; the HTTP connection attached to the stream does all
 * writing on its own thread, so a slow client never stalls a server's reader. A connection that drops loses
 * nothing: a later GET with {@code Last-Event-ID} replays what is still buffered.
 */
public final class EventStream {
    /** One buffered message with its SSE event id ({@code <stream>.<seq>}). */
    public record Event(long seq, String id, ObjectNode message, String data) {}

    /** What a writer gets from {@link #await}: events to write, and whether the stream has ended. */
    public record Batch(List<Event> events, boolean finished, boolean superseded) {}

    private final String id;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Event> buffer = new ArrayDeque<>();
    private long nextSeq = 1;
    private long writer;
    private boolean finished;
    private long lastActivityNanos = System.nanoTime();
    /** The one answer waiting for this stream to end or to need SSE ({@link #whenEndOr}); guarded by the lock. */
    private Waiter waiter;

    /**
     * An answer waiting on the stream without a thread: told once, on the thread that made it so (or by the
     * timeout), whether the stream had ended.
     */
    public static final class Waiter {
        private final Predicate<Event> decides;
        private final Consumer<Boolean> then;
        private final AtomicBoolean fired = new AtomicBoolean();
        private volatile ScheduledFuture<?> timeout;

        private Waiter(Predicate<Event> decides, Consumer<Boolean> then) {
            this.decides = decides;
            this.then = then;
        }

        /** The timeout that fires this waiter if nothing else does first; cancelled when it fires. */
        public void timeout(ScheduledFuture<?> t) {
            timeout = t;
            if (fired.get()) {
                t.cancel(false);
            }
        }

        public boolean fired() {
            return fired.get();
        }

        private void fire(boolean ended) {
            if (fired.compareAndSet(false, true)) {
                ScheduledFuture<?> t = timeout;
                if (t != null) {
                    t.cancel(false);
                }
                then.accept(ended);
            }
        }
    }

    public EventStream(String id, int capacity) {
        this.id = id;
        this.capacity = capacity;
    }

    public String id() {
        return id;
    }

    /** Adds a message; false when the stream has already ended (the caller picks another stream). */
    public boolean append(ObjectNode message) {
        String data = Json.write(message);
        Waiter decided = null;
        lock.lock();
        try {
            if (finished) {
                return false;
            }
            long seq = nextSeq++;
            Event e = new Event(seq, id + "." + seq, message, data);
            buffer.addLast(e);
            if (buffer.size() > capacity) {
                buffer.removeFirst();
            }
            if (waiter != null && waiter.decides.test(e)) {
                decided = waiter;
                waiter = null;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (decided != null) {
            decided.fire(false);
        }
        return true;
    }

    /** The sequence number of the last message appended; 0 before the first. */
    public long lastSeq() {
        lock.lock();
        try {
            return nextSeq - 1;
        } finally {
            lock.unlock();
        }
    }

    /** No more messages will come; writers drain what is left and end. */
    public void finish() {
        Waiter ended;
        lock.lock();
        try {
            finished = true;
            ended = waiter;
            waiter = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (ended != null) {
            ended.fire(true);
        }
    }

    public boolean finished() {
        lock.lock();
        try {
            return finished;
        } finally {
            lock.unlock();
        }
    }

    /** Takes the stream for a new connection; the previous writer, if any, sees {@code superseded} and ends. */
    public long attach() {
        lock.lock();
        try {
            writer++;
            lastActivityNanos = System.nanoTime();
            changed.signalAll();
            return writer;
        } finally {
            lock.unlock();
        }
    }

    /** Releases the stream when its connection ends, so an idle-sweep can tell nobody is reading. */
    public void detach(long token) {
        lock.lock();
        try {
            if (writer == token) {
                lastActivityNanos = System.nanoTime();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code max} for events after {@code afterSeq}. An empty, unfinished batch means the wait timed
     * out (time for a keep-alive).
     */
    public Batch await(long afterSeq, long token, Duration max) throws InterruptedException {
        long nanos = max.toNanos();
        lock.lock();
        try {
            while (true) {
                if (writer != token) {
                    return new Batch(List.of(), false, true);
                }
                List<Event> out = after(afterSeq);
                if (!out.isEmpty() || finished) {
                    return new Batch(out, finished, false);
                }
                if (nanos <= 0) {
                    return new Batch(List.of(), false, false);
                }
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    private List<Event> after(long seq) {
        if (buffer.isEmpty() || buffer.peekLast().seq() <= seq) {
            return List.of();
        }
        List<Event> out = new ArrayList<>();
        for (Event e : buffer) {
            if (e.seq() > seq) {
                out.add(e);
            }
        }
        return out;
    }

    /** All buffered events so far, for the decision between a JSON and an SSE answer. */
    public List<Event> snapshot() {
        lock.lock();
        try {
            return List.copyOf(buffer);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the stream without a waiting thread: {@code then} is told, once, whether the stream had ended, as soon
     * as it ends or holds an event {@code decides} accepts (at once, on this thread, when it already does), or when
     * {@link #timeOut} is called first. One waiter per stream (a new one replaces the last).
     */
    public Waiter whenEndOr(Predicate<Event> decides, Consumer<Boolean> then) {
        Waiter w = new Waiter(decides, then);
        Boolean now = null;
        lock.lock();
        try {
            if (finished) {
                now = true;
            } else if (buffer.stream().anyMatch(decides)) {
                now = false;
            } else {
                waiter = w;
            }
        } finally {
            lock.unlock();
        }
        if (now != null) {
            w.fire(now);
        }
        return w;
    }

    /** {@code w}'s time is up: it is told now whether the stream has ended, unless it was told already. */
    public void timeOut(Waiter w) {
        boolean ended;
        lock.lock();
        try {
            if (waiter == w) {
                waiter = null;
            }
            ended = finished;
        } finally {
            lock.unlock();
        }
        w.fire(ended);
    }

    public long idleNanos() {
        lock.lock();
        try {
            return System.nanoTime() - lastActivityNanos;
        } finally {
            lock.unlock();
        }
    }

    /** Parses {@code <stream>.<seq>} event ids. */
    public static long seqOf(String eventId) {
        int dot = eventId.lastIndexOf('.');
        try {
            return dot < 0 ? 0 : Long.parseLong(eventId.substring(dot + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static String streamOf(String eventId) {
        int dot = eventId.lastIndexOf('.');
        return dot < 0 ? eventId : eventId.substring(0, dot);
    }
}
