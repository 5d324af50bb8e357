package io.mcphub.bench;

import java.time.Duration;

/** One endpoint under load, as {@link Compare} runs it: a name and a warm-up-then-window run. */
interface Target {
    String name();

    Load.Result run(Duration warmup, Duration window) throws InterruptedException;
}
