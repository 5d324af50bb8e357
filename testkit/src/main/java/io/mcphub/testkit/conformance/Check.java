package io.mcphub.testkit.conformance;

/** One check of a conformance scenario, as the suite wrote it in checks.json. */
public record Check(String id, String name, String status, String description, String errorMessage) {
    public static final String SUCCESS = "SUCCESS";
    public static final String FAILURE = "FAILURE";
    public static final String WARNING = "WARNING";
    public static final String INFO = "INFO";

    public boolean failed() {
        return FAILURE.equals(status);
    }

    /** "name: errorMessage" (or the description when there is no message). */
    public String message() {
        return name + ": " + (errorMessage != null && !errorMessage.isBlank() ? errorMessage : description);
    }
}
