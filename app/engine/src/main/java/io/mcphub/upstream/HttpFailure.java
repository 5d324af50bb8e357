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
    /** What went wrong, as far as the exception chain tells. */
    enum Cause {
        UNRESOLVED,
        CONNECT_TIMEOUT,
        TIMEOUT,
        REFUSED,
        CANNOT_CONNECT,
        OTHER
    }

    private HttpFailure() {}

    /** E.g. {@code ConnectException: connection refused to http://127.0.0.1:9/mcp}. */
    static String describe(URI url, Throwable error) {
        Throwable top = unwrap(error);
        String detail = text(root(top));
        String what = switch (cause(top)) {
            case UNRESOLVED -> "cannot resolve the host of";
            case CONNECT_TIMEOUT -> "connect timed out to";
            case TIMEOUT -> "no answer in time from";
            case REFUSED -> "connection refused to";
            case CANNOT_CONNECT -> "cannot connect (" + detail + ") to";
            case OTHER -> "failed (" + detail + "):";
        };
        return top.getClass().getSimpleName() + ": " + what + " " + url;
    }

    static Cause cause(Throwable top) {
        for (Throwable c = top; c != null; c = c.getCause()) {
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return Cause.UNRESOLVED;
            }
            if (c instanceof HttpConnectTimeoutException) {
                return Cause.CONNECT_TIMEOUT;
            }
            if (c instanceof HttpTimeoutException) {
                return Cause.TIMEOUT;
            }
        }
        if (!(top instanceof ConnectException)) {
            return Cause.OTHER;
        }
        Throwable root = root(top);
        // a refused connection is a ClosedChannelException under the client's ConnectException
        boolean refused = root instanceof ClosedChannelException
                || (root.getMessage() != null
                        && root.getMessage().toLowerCase(Locale.ROOT).contains("refused"));
        return refused ? Cause.REFUSED : Cause.CANNOT_CONNECT;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static Throwable root(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static String text(Throwable t) {
        String kind = t.getClass().getSimpleName();
        return t.getMessage() == null ? kind : kind + ": " + t.getMessage();
    }
}
