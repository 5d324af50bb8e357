package io.mcphub.http;

import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * Why the HTTP server could not listen, in words. Javalin reports every bind failure as "Port already in use", even
 * a host name that does not resolve or an address this machine does not have; the cause underneath tells which.
 */
final class BindFailure {
    /** What went wrong, as far as the exception chain tells. */
    enum Cause {
        UNRESOLVED_HOST,
        NOT_OUR_ADDRESS,
        PORT_IN_USE,
        OTHER_BIND,
        OTHER
    }

    private BindFailure() {}

    static String describe(String host, int port, Throwable error) {
        return switch (cause(error)) {
            case UNRESOLVED_HOST ->
                "cannot resolve host \"" + host + "\" (expected: a host name or address of this"
                        + " machine, e.g. 0.0.0.0 for every interface or 127.0.0.1 for local clients only)";
            case NOT_OUR_ADDRESS -> "cannot bind to host \"" + host + "\": it is not an address of this machine";
            case PORT_IN_USE -> "port " + port + " is already in use on " + host;
            case OTHER_BIND -> "cannot bind to " + host + ":" + port + ": " + bindMessage(error);
            case OTHER -> error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        };
    }

    static Cause cause(Throwable error) {
        for (Throwable c = error; c != null; c = c.getCause()) {
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return Cause.UNRESOLVED_HOST;
            }
            if (c instanceof BindException) {
                String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
                if (m.contains("in use")) {
                    return Cause.PORT_IN_USE;
                }
                return m.contains("assign requested address") ? Cause.NOT_OUR_ADDRESS : Cause.OTHER_BIND;
            }
        }
        return Cause.OTHER;
    }

    private static String bindMessage(Throwable error) {
        for (Throwable c = error; c != null; c = c.getCause()) {
            if (c instanceof BindException) {
                return String.valueOf(c.getMessage());
            }
        }
        return String.valueOf(error.getMessage());
    }
}
