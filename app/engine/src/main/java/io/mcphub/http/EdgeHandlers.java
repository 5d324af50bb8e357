package io.mcphub.http;

import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the handlers ahead of Javalin share: a refusal becomes its reply, anything unexpected a 500 with a JSON-RPC
 * error (as on Javalin's routes), and the exchange is completed whatever happened (by the handler, or by the thread
 * it handed the answer to).
 */
final class EdgeHandlers {
    private static final Logger log = LoggerFactory.getLogger(EdgeHandlers.class);

    /** The work of one exchange. */
    interface Work {
        void run() throws Exception;
    }

    private EdgeHandlers() {}

    static void serve(EdgeExchange exchange, Work work) {
        Throwable failure = null;
        try {
            work.run();
        } catch (HttpProblem p) {
            if (!exchange.started()) {
                p.reply(exchange);
            }
        } catch (Exception | Error e) {
            failure = e;
            log.error("unexpected error on {}", exchange.describe(), e);
            if (!exchange.started()) {
                exchange.reply(
                        500,
                        "application/json",
                        Json.bytes(JsonRpc.error(
                                null,
                                JsonRpc.INTERNAL_ERROR,
                                "Internal error: " + e.getClass().getSimpleName())));
            }
        } finally {
            exchange.handlerReturned(failure);
        }
    }
}
