package io.mcphub.manage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** How an edit of the settings ended; the HTTP shell decides the reply with a {@code switch}. */
public sealed interface EditOutcome {

    /** Which outcome this is, for a {@code switch} (the project compiles for Java 17: no pattern switch). */
    enum Kind {
        APPLIED,
        INVALID,
        CONFLICT,
        NOT_FOUND,
        BAD_REQUEST,
        WRITE_FAILED
    }

    Kind kind();

    /** Validated, saved and applied; {@code tree} is the file as now written. */
    record Applied(String version, ObjectNode tree) implements EditOutcome {
        @Override
        public Kind kind() {
            return Kind.APPLIED;
        }
    }

    /** The edit makes settings the hub would refuse at start: each as {@code path: value (expected: ...)}. */
    record Invalid(List<String> problems) implements EditOutcome {
        @Override
        public Kind kind() {
            return Kind.INVALID;
        }
    }

    /** The edit was made against another version of the file. */
    record Conflict(String current) implements EditOutcome {
        @Override
        public Kind kind() {
            return Kind.CONFLICT;
        }
    }

    /** The server, tool, prompt or group the edit names does not exist. */
    record NotFound(String message) implements EditOutcome {
        @Override
        public Kind kind() {
            return Kind.NOT_FOUND;
        }
    }

    /** The request itself is wrong (a missing field, a name taken, a key that cannot change live). */
    record BadRequest(String message) implements EditOutcome {
        @Override
        public Kind kind() {
            return Kind.BAD_REQUEST;
        }
    }

    /** The file could not be written; nothing was applied. */
    record WriteFailed(String message) implements EditOutcome {
        @Override
        public Kind kind() {
            return Kind.WRITE_FAILED;
        }
    }
}
