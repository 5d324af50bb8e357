package io.mcphub.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static List<Long> delays(Backoff b, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(b.nextDelayMs());
        }
        return out;
    }

    @Test
    void withoutJitter_doublesFromOneSecondToThirty() {
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L), delays(new Backoff(() -> 0.5), 7));
    }

    @Test
    void jitter_staysWithinTwentyPercent_andUnderTheCap() {
        assertEquals(List.of(800L, 1600L, 3200L, 6400L, 12800L, 24000L), delays(new Backoff(() -> 0.0), 6));
        assertEquals(List.of(1200L, 2400L, 4800L, 9600L, 19200L, 30000L), delays(new Backoff(() -> 0.99999999), 6));
    }

    @Test
    void reset_startsAgainAtOneSecond() {
        Backoff b = new Backoff(() -> 0.5);
        delays(b, 4);
        b.reset();
        assertEquals(List.of(1000L, 2000L), delays(b, 2));
    }
}
