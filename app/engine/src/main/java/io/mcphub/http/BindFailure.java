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
    private BindFailure() {}

    static String describe(String host, int port, Throwable error) {
        for (Throwable c = error; c != null; c = c.getCause()) {
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return "cannot resolve host \"" + host + "\" (expected: a host name or address of this machine, e.g."
                        + " 0.0.0.0 for every interface or 127.0.0.1 for local clients only)";
            }
            if (c instanceof BindException) {
                String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
                if (m.contains("in use")) {
                    return "port " + port + " is already in use on " + host;
                }
                if (m.contains("assign requested address") || m.contains("not available")) {
                    return "cannot bind to host \"" + host + "\": it is not an address of this machine";
                }
                return "cannot bind to " + host + ":" + port + ": " + c.getMessage();
            }
        }
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }
}
