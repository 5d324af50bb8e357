package io.mcphub.bench;

import java.time.Duration;

/** One endpoint under load, as {@link Compare} runs it: a name and a warm-up-then-window run. */
interface Target {
    String name();

    Load.Result run(Duration warmup, Duration window) throws InterruptedException;

    /** What the first failed call said, with its exception's class (null: none failed). */
    String firstError();

    /** How a failed call is remembered: its exception's class and message (a timeout's message alone says little). */
    static String describe(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
