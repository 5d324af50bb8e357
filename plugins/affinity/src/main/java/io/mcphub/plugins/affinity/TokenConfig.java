package io.mcphub.plugins.affinity;

import io.mcphub.spi.ConfigReader;
import java.util.Optional;

/**
 * How a node is written into a cookie or header: signed (the default) or as its plain id.
 *
 * @param signed whether values carry an HMAC that the hub checks
 * @param secret the HMAC key; when empty a random key per process is used, so values stop being honoured
 *               after a coordinator restart (sessions are then placed afresh, which is safe)
 */
public record TokenConfig(boolean signed, Optional<String> secret) {
    static final int MIN_SECRET_LENGTH = 16;

    static TokenConfig read(ConfigReader r) {
        boolean signed = r.bool("signed", true);
        String secret = r.string(
                "secret",
                null,
                s -> s.length() >= MIN_SECRET_LENGTH,
                "a string of at least " + MIN_SECRET_LENGTH + " characters");
        return new TokenConfig(signed, Optional.ofNullable(secret));
    }

    @Override
    public String toString() {
        return "TokenConfig[signed=" + signed + ", secret=" + (secret.isPresent() ? "(set)" : "(random)") + "]";
    }
}
