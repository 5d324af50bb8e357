package io.mcphub.upstream;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A readable cause for a failed HTTP exchange with an upstream. The JDK's client throws a {@code ConnectException}
 * with no message around a bare {@code ClosedChannelException} for a refused connection, and around an
 * {@code UnresolvedAddressException} for an unknown host; the status and the log need the URL and what happened.
 */
final class HttpFailure {
    private HttpFailure() {}

    /** E.g. {@code ConnectException: connection refused to http://127.0.0.1:9/mcp}. */
    static String describe(URI url, Throwable error) {
        Throwable top = unwrap(error);
        return top.getClass().getSimpleName() + ": " + what(top) + " " + url;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static String what(Throwable top) {
        for (Throwable c = top; c != null; c = c.getCause()) {
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return "cannot resolve the host of";
            }
            if (c instanceof HttpConnectTimeoutException) {
                return "connect timed out to";
            }
            if (c instanceof HttpTimeoutException) {
                return "no answer in time from";
            }
        }
        if (top instanceof ConnectException) {
            Throwable root = root(top);
            // a refused connection is a ClosedChannelException under the client's ConnectException
            if (root instanceof ClosedChannelException || isRefused(root.getMessage())) {
                return "connection refused to";
            }
            return "cannot connect (" + text(root) + ") to";
        }
        return "failed (" + text(root(top)) + "):";
    }

    private static boolean isRefused(String message) {
        return message != null && message.toLowerCase(Locale.ROOT).contains("refused");
    }

    private static Throwable root(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static String text(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
