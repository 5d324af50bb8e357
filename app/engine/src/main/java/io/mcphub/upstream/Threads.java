package io.mcphub.upstream;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for blocking reads (process pipes, SSE streams): virtual where the runtime has them; and the mark of a thread
 * that must not block ({@link #inEventLoop}).
 */
public final class Threads {
    /** Set while a request is served on the thread that polls the server's sockets (see {@link #inEventLoop}). */
    private static final ThreadLocal<Boolean> EVENT_LOOP = new ThreadLocal<>();

    private Threads() {}

    /** Work run by {@link #asEventLoop}. */
    public interface EventLoopWork<T> {
        T run() throws Exception;
    }

    /**
     * Whether this thread serves a request on the server's event loop (Jetty's selector thread, which polls every
     * client connection): nothing may block here, or every client of the hub waits. Code on a request's path that
     * could block (a pipe write, a connection to open, a wait for another hub) asks this and, when true, hands that
     * step to {@link #blocking()}.
     */
    public static boolean inEventLoop() {
        return EVENT_LOOP.get() != null;
    }

    /** Runs {@code work} with {@link #inEventLoop} true (nested calls keep it so). */
    public static <T> T asEventLoop(EventLoopWork<T> work) throws Exception {
        if (EVENT_LOOP.get() != null) {
            return work.run();
        }
        EVENT_LOOP.set(Boolean.TRUE);
        try {
            return work.run();
        } finally {
            EVENT_LOOP.remove();
        }
    }

    /** An executor for work that blocks on I/O for a long time. */
    public static ExecutorService blocking() {
        return BLOCKING;
    }

    public static boolean virtual() {
        return VIRTUAL_FACTORY != null;
    }

    /**
     * A new virtual thread per task, named {@code prefix} and a number (JDK 21+).
     *
     * @throws IllegalStateException on a runtime without virtual threads ({@link #virtual()} is false)
     */
    public static ExecutorService perTask(String prefix) {
        ThreadFactory factory = virtualFactory(prefix);
        if (factory == null) {
            throw new IllegalStateException("this runtime has no virtual threads");
        }
        return perTask(factory);
    }

    private static final ThreadFactory VIRTUAL_FACTORY = virtualFactory("mcphub-io-");
    private static final ExecutorService BLOCKING = create();

    private static ThreadFactory virtualFactory(String prefix) {
        try {
            Method ofVirtual = Thread.class.getMethod("ofVirtual");
            Object builder = ofVirtual.invoke(null);
            // through the public interfaces: the builder's own class is not exported, so its methods cannot be
            // invoked (and setAccessible fails without --add-opens)
            Method name =
                    Class.forName("java.lang.Thread$Builder$OfVirtual").getMethod("name", String.class, long.class);
            builder = name.invoke(builder, prefix, 0L);
            Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
            return (ThreadFactory) factory.invoke(builder);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // JDK 17: platform threads below
        }
    }

    private static ExecutorService perTask(ThreadFactory factory) {
        try {
            Method perTask = Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class);
            return (ExecutorService) perTask.invoke(null, factory);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a thread-per-task executor", e);
        }
    }

    private static ExecutorService create() {
        if (VIRTUAL_FACTORY != null) {
            try {
                return perTask(VIRTUAL_FACTORY);
            } catch (IllegalStateException e) {
                // fall through to platform threads
            }
        }
        AtomicInteger n = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mcphub-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
