package io.mcphub.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The writes to a stdio server's pipe: in order, and never blocking a thread that must not block. */
class OrderedWritesTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void writeFromTheEventLoop_runsOnAnotherThread_evenWhenThePipeIsFull() throws Exception {
        OrderedWrites writes = new OrderedWrites(executor);
        CountDownLatch pipeFull = new CountDownLatch(1);
        List<Thread> wroteOn = new CopyOnWriteArrayList<>();
        Thread caller = Thread.currentThread();
        // the first write waits as on a pipe its server stopped reading; the event loop's submits return all the same
        Threads.asEventLoop(() -> {
            writes.submit(() -> {
                wroteOn.add(Thread.currentThread());
                await(pipeFull);
            });
            writes.submit(() -> wroteOn.add(Thread.currentThread()));
            return null;
        });
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> wroteOn.size() == 1);
        assertNotEquals(caller, wroteOn.get(0));
        pipeFull.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> wroteOn.size() == 2);
        assertNotEquals(caller, wroteOn.get(1));
    }

    @Test
    void threadThatMayBlock_writesItselfWhenNoWriteIsUnderWay() {
        OrderedWrites writes = new OrderedWrites(executor);
        List<Thread> wroteOn = new ArrayList<>();
        writes.submit(() -> wroteOn.add(Thread.currentThread()));
        assertEquals(List.of(Thread.currentThread()), wroteOn, "no hand-off when nothing is queued");
    }

    @Test
    void writesFromEveryKindOfThread_keepTheOrderTheyWereSubmittedIn() throws Exception {
        OrderedWrites writes = new OrderedWrites(executor);
        List<Integer> written = new CopyOnWriteArrayList<>();
        CountDownLatch slow = new CountDownLatch(1);
        Threads.asEventLoop(() -> {
            writes.submit(() -> {
                await(slow);
                written.add(0);
            });
            return null;
        });
        for (int i = 1; i <= 200; i++) {
            int n = i;
            if (i % 2 == 0) {
                Threads.asEventLoop(() -> {
                    writes.submit(() -> written.add(n));
                    return null;
                });
            } else {
                writes.submit(() -> written.add(n)); // queued behind the slow one: this thread does not wait
            }
        }
        slow.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 201);
        for (int i = 0; i <= 200; i++) {
            assertEquals(i, written.get(i), "write " + i + " in its place");
        }
        assertFalse(Threads.inEventLoop(), "the mark ends with its work");
    }

    @Test
    void writeThatThrows_doesNotStopTheWritesAfterIt() {
        OrderedWrites writes = new OrderedWrites(executor);
        List<String> written = new ArrayList<>();
        writes.submit(() -> {
            throw new IllegalStateException("a write that failed to report its own failure");
        });
        writes.submit(() -> written.add("next"));
        assertEquals(List.of("next"), written);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
