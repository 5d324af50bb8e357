package io.mcphub.plugins.affinity;

import io.mcphub.spi.ConfigView;
import io.mcphub.spi.StickyStrategy;
import io.mcphub.spi.StickyStrategyProvider;
import io.mcphub.spi.testing.StickyStrategyContract;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/** Each standard sticky strategy, with its default config and with its options turned, passes the SPI contract. */
class StrategyContractsTest {
    private static final String PATH = "systemConfig.cluster.stickySession";

    static <C> StickyStrategy create(StickyStrategyProvider<C> provider, Map<String, Object> block) {
        return provider.create(provider.parse(ConfigView.of(PATH, block)).value());
    }

    @Nested
    class ConsistentHash extends StickyStrategyContract {
        @Override
        protected StickyStrategy strategy() {
            return create(new ConsistentHashProvider(), Map.of());
        }
    }

    @Nested
    class ConsistentHashWithBoundedLoad extends StickyStrategyContract {
        @Override
        protected StickyStrategy strategy() {
            return create(new ConsistentHashProvider(), Map.of("consistent-hash", Map.of("loadFactor", 1.25)));
        }
    }

    @Nested
    class Cookie extends StickyStrategyContract {
        @Override
        protected StickyStrategy strategy() {
            return create(new CookieProvider(), Map.of());
        }
    }

    @Nested
    class CookieUnsigned extends StickyStrategyContract {
        @Override
        protected StickyStrategy strategy() {
            return create(new CookieProvider(), Map.of("cookie", Map.of("signed", false)));
        }
    }

    @Nested
    class Header extends StickyStrategyContract {
        @Override
        protected StickyStrategy strategy() {
            return create(new HeaderProvider(), Map.of());
        }
    }

    @Nested
    class HeaderUnsigned extends StickyStrategyContract {
        @Override
        protected StickyStrategy strategy() {
            return create(new HeaderProvider(), Map.of("header", Map.of("signed", false)));
        }
    }
}
