package io.mcphub.manage;

import io.mcphub.upstream.Scheduler;
import io.mcphub.upstream.Threads;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up hand edits of the settings file: a watch of its directory (editors often write a new file and rename it),
 * and, because watches miss changes on some file systems (network mounts, some container volumes), a cheap check of the
 * file's time and size every {@link #POLL}. Changes are debounced (an editor's save is several events) and handed to
 * {@link Management#reloadFromDisk}, off the scheduler's thread; the hub's own writes are recognized there by their
 * version and not applied again.
 *
 * <p><b>Threading:</b> start and stop from one thread. <b>Nullability:</b> nothing is null.
 */
public final class LiveReload implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveReload.class);
    static final Duration POLL = Duration.ofSeconds(2);
    static final Duration DEBOUNCE = Duration.ofMillis(200);

    private final Management management;
    private final Path file;
    private final Scheduler scheduler;
    private final AtomicBoolean pending = new AtomicBoolean();
    private WatchService watch;
    private Thread watcher;
    private ScheduledFuture<?> poll;
    private volatile String lastSeen;

    public LiveReload(Management management, Scheduler scheduler) {
        this.management = management;
        this.file = management.store().file();
        this.scheduler = scheduler;
    }

    /** Starts watching; a hub without a settings file has nothing to watch. */
    public LiveReload start() {
        if (file == null) {
            return this;
        }
        lastSeen = stamp();
        try {
            watch = FileSystems.getDefault().newWatchService();
            file.getParent()
                    .register(
                            watch,
                            StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
            watcher = new Thread(this::watchLoop, "settings-watch");
            watcher.setDaemon(true);
            watcher.start();
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("cannot watch {} ({}); checking its time and size every {} s", file, e, POLL.toSeconds());
        }
        poll = scheduler.every(this::pollOnce, POLL);
        return this;
    }

    private void watchLoop() {
        try {
            while (true) {
                WatchKey key = watch.take();
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.context() instanceof Path p && p.equals(file.getFileName())) {
                        changed();
                    } else if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                        changed();
                    }
                }
                if (!key.reset()) {
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // stopped
        }
    }

    /** The fallback: only a stat, on the scheduler's thread. */
    private void pollOnce() {
        String now = stamp();
        if (!now.equals(lastSeen)) {
            changed();
        }
    }

    private void changed() {
        if (pending.compareAndSet(false, true)) {
            scheduler.schedule(() -> Threads.blocking().execute(this::reload), DEBOUNCE);
        }
    }

    private void reload() {
        pending.set(false);
        lastSeen = stamp();
        try {
            management.reloadFromDisk();
        } catch (RuntimeException e) {
            log.error("applying the edited settings file {} failed", file, e);
        }
    }

    private String stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
        } catch (IOException e) {
            return "missing";
        }
    }

    @Override
    public void close() {
        if (poll != null) {
            poll.cancel(false);
        }
        if (watch != null) {
            try {
                watch.close();
            } catch (IOException e) {
                // closing
            }
        }
    }
}
