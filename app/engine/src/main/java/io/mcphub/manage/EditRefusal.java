package io.mcphub.manage;

/** Thrown by an edit of the raw tree that cannot be made; becomes {@link EditOutcome.NotFound} or BadRequest. */
final class EditRefusal extends Exception {
    private final boolean notFound;

    private EditRefusal(boolean notFound, String message) {
        super(message, null, false, false);
        this.notFound = notFound;
    }

    static EditRefusal notFound(String message) {
        return new EditRefusal(true, message);
    }

    static EditRefusal badRequest(String message) {
        return new EditRefusal(false, message);
    }

    EditOutcome outcome() {
        return notFound ? new EditOutcome.NotFound(getMessage()) : new EditOutcome.BadRequest(getMessage());
    }
}
