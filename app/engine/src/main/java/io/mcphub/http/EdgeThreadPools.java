package io.mcphub.http;

import io.mcphub.upstream.Threads;
import java.util.concurrent.ExecutorService;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * The server's thread pools: Jetty's pool of platform threads (JDK 17), or a virtual thread per task (JDK 21+, as
 * Javalin's own), each leaving a connection resumed under {@link ConnectionResumes#answer} to the answering thread.
 */
final class EdgeThreadPools {
    private EdgeThreadPools() {}

    /** The pool for this runtime: virtual threads where it has them, else up to {@code maxPlatform} threads. */
    static ThreadPool create(int maxPlatform) {
        return Threads.virtual() ? new Virtual(Threads.perTask("jetty-")) : new Platform(maxPlatform);
    }

    /** Platform threads, at least 8, idle ones stopped after a minute. */
    static final class Platform extends QueuedThreadPool {
        Platform(int max) {
            super(max, 8, 60_000);
        }

        @Override
        public void execute(Runnable job) {
            if (!ConnectionResumes.defer(job)) {
                super.execute(job);
            }
        }
    }

    /** A virtual thread per task. */
    static final class Virtual implements ThreadPool {
        private final ExecutorService threads;

        Virtual(ExecutorService threads) {
            this.threads = threads;
        }

        @Override
        public void execute(Runnable job) {
            if (!ConnectionResumes.defer(job)) {
                threads.execute(job);
            }
        }

        @Override
        public void join() throws InterruptedException {
            // virtual threads are not joined: nothing waits for them at stop, as with Javalin's own pool
        }

        @Override
        public int getThreads() {
            return 1;
        }

        @Override
        public int getIdleThreads() {
            return 1;
        }

        @Override
        public boolean isLowOnThreads() {
            return false;
        }
    }
}
