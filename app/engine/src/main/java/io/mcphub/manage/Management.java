package io.mcphub.manage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.config.ConfigException;
import io.mcphub.config.HubSettings;
import io.mcphub.config.SettingsLoader;
import io.mcphub.hub.Hub;
import io.mcphub.jsonrpc.Json;
import io.mcphub.spi.ConfigProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes of a running hub's settings, from the management API or from a hand edit of the file: each is validated like
 * the file at start, saved atomically (API edits) and applied live as a {@link ConfigDiff}. One writer at a time (the
 * store's lock).
 *
 * <p><b>Threading:</b> any thread; edits block on the lock and on the disk. <b>Nullability:</b> nothing is null.
 */
public final class Management {
    private static final Logger log = LoggerFactory.getLogger(Management.class);

    private final Hub hub;
    private final SettingsStore store;
    private final SettingsLoader loader;
    /** The settings as the file has them now, validated: the base of the next diff. */
    private volatile HubSettings current;
    /** The version of the last hand edit refused, so one bad edit is logged once. */
    private String refused;

    public Management(Hub hub, SettingsStore store, SettingsLoader loader) {
        this.hub = hub;
        this.store = store;
        this.loader = loader;
        this.current = hub.settings();
    }

    /** A hub without a settings file: edits are applied and kept in memory. */
    public static Management inMemory(Hub hub) {
        return new Management(hub, SettingsStore.inMemory(hub.settings().raw()), SettingsLoader.withSystemEnv());
    }

    public Hub hub() {
        return hub;
    }

    public SettingsStore store() {
        return store;
    }

    /** The settings the file holds now (servers' configs as written there, validated). */
    public HubSettings settings() {
        return current;
    }

    /**
     * Makes an edit: against {@code ifMatch} when given (else on top of the current file), validated, saved, applied.
     */
    EditOutcome edit(String ifMatch, Edit edit) {
        synchronized (store.lock()) {
            if (ifMatch != null && !ifMatch.equals(store.version())) {
                return new EditOutcome.Conflict(store.version());
            }
            ObjectNode tree = store.tree();
            try {
                edit.apply(tree);
            } catch (EditRefusal r) {
                return r.outcome();
            }
            HubSettings next;
            try {
                next = parse(tree);
            } catch (ConfigException e) {
                return new EditOutcome.Invalid(problems(e));
            }
            String version;
            try {
                version = store.write(tree);
            } catch (IOException e) {
                log.error("cannot write the settings file {}: {}", store.file(), e.toString());
                return new EditOutcome.WriteFailed("cannot write the settings file: " + e.getMessage());
            }
            apply(next);
            return new EditOutcome.Applied(version, tree);
        }
    }

    /** Restarts one server's connection (MCPHub's reload); false when the settings have no such server. */
    public boolean restart(String server) {
        synchronized (store.lock()) {
            var config = current.servers().get(server);
            if (config == null || !hub.removeServer(server)) {
                return false;
            }
            hub.addServer(config);
            log.info("Server {} reloaded", server);
            return true;
        }
    }

    /**
     * Reads the file again (a hand edit): a version the store already has is nothing (the hub's own write); an invalid
     * file is refused, its problems logged, and the running settings kept.
     *
     * @return whether a new version was applied
     */
    public boolean reloadFromDisk() {
        if (store.file() == null) {
            return false;
        }
        synchronized (store.lock()) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(store.file());
            } catch (NoSuchFileException e) {
                return false; // between a rename's two steps, or deleted: the running settings stay
            } catch (IOException e) {
                log.warn("cannot read the settings file {}: {}", store.file(), e.toString());
                return false;
            }
            String version = SettingsStore.hash(bytes);
            if (version.equals(store.version()) || version.equals(refused)) {
                return false;
            }
            HubSettings next;
            JsonNode tree;
            try {
                String text = new String(bytes, StandardCharsets.UTF_8);
                next = loader.parse(text, store.file().toString());
                tree = Json.parse(text);
            } catch (ConfigException | IOException e) {
                refused = version;
                log.error(
                        "the edited settings file {} is refused, the running settings are kept:\n  {}",
                        store.file(),
                        String.join("\n  ", e instanceof ConfigException c ? problems(c) : List.of(e.getMessage())));
                return false;
            }
            store.accept((ObjectNode) tree, bytes);
            log.info("settings file {} changed: applying it", store.file());
            apply(next);
            return true;
        }
    }

    private void apply(HubSettings next) {
        ConfigDiff diff = ConfigDiff.between(current, next);
        current = next;
        LiveApplier.apply(hub, next, diff);
    }

    private HubSettings parse(ObjectNode tree) throws ConfigException {
        String source = store.file() == null ? "settings" : store.file().toString();
        return loader.parse(new String(SettingsStore.render(tree), StandardCharsets.UTF_8), source);
    }

    static List<String> problems(ConfigException e) {
        if (e.problems().isEmpty()) {
            return List.of(e.getMessage());
        }
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }
}
