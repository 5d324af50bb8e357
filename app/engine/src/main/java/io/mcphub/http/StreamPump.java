package io.mcphub.http;

import io.mcphub.session.ClientSession;
import io.mcphub.session.EventStream;
import java.io.IOException;
import java.time.Duration;

/**
 * Copies one {@link EventStream} to one SSE connection until the stream ends, another connection takes it over,
 * or the client goes away. Runs on the request's own thread; keep-alive comments find dead connections.
 */
final class StreamPump {
    private StreamPump() {}

    /** @return true when the stream ended and everything was written */
    static boolean pump(
            EventStream stream,
            long afterSeq,
            SseOutput out,
            ClientSession session,
            Duration keepAlive,
            boolean withIds)
            throws IOException {
        long token = stream.attach();
        long seq = afterSeq;
        try {
            while (true) {
                EventStream.Batch batch;
                try {
                    batch = stream.await(seq, token, keepAlive);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                if (batch.superseded()) {
                    return false;
                }
                for (EventStream.Event e : batch.events()) {
                    out.event(e, withIds);
                    seq = e.seq();
                }
                if (batch.events().isEmpty() && !batch.finished()) {
                    out.keepAlive();
                    session.touch();
                }
                out.flush();
                if (batch.finished()) {
                    return true;
                }
            }
        } finally {
            stream.detach(token);
        }
    }
}
