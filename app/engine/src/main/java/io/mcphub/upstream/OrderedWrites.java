package io.mcphub.upstream;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes to one pipe, one at a time and in the order they were asked for, never on a thread that must not block
 * ({@link Threads#inEventLoop}): a stdio server that stops reading its input fills the pipe, and a write then waits
 * until it reads again. A thread that may block writes at once when no write is under way (as under a lock, with no
 * hand-off); otherwise its write joins the queue of the thread writing, or of one from {@code executor}.
 *
 * <p><b>Threading:</b> safe for any thread; no lock.
 */
final class OrderedWrites {
    private static final Logger log = LoggerFactory.getLogger(OrderedWrites.class);
    private final Executor executor;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    /** Writes queued or under way; the submitter that moves it from 0 drains until it is back to 0. */
    private final AtomicInteger pending = new AtomicInteger();

    OrderedWrites(Executor executor) {
        this.executor = executor;
    }

    /** Runs {@code write} after every write submitted before it; a write should report its own failure. */
    void submit(Runnable write) {
        queue.add(write);
        if (pending.getAndIncrement() != 0) {
            return; // the drainer under way runs it
        }
        if (Threads.inEventLoop()) {
            executor.execute(this::drain);
        } else {
            drain();
        }
    }

    private void drain() {
        do {
            try {
                queue.poll().run();
            } catch (RuntimeException | Error e) {
                // the writes after it still go: a stopped drain would leave them queued for good
                log.error("a write failed unexpectedly", e);
            }
        } while (pending.decrementAndGet() != 0);
    }
}
