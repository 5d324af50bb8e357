package io.mcphub.plugins.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.spi.PluginProvider;
import io.mcphub.spi.StickyStrategyProvider;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AffinityProvidersTest {

    @Test
    void serviceLoader_findsAllThreeStrategies() {
        Set<String> names = ServiceLoader.load(StickyStrategyProvider.class).stream()
                .map(p -> p.get().name())
                .collect(Collectors.toSet());
        assertEquals(Set.of("consistent-hash", "cookie", "header"), names);
    }

    @Test
    void names_areLowercaseTokens() {
        ServiceLoader.load(StickyStrategyProvider.class)
                .forEach(p -> assertTrue(PluginProvider.NAME.matcher(p.name()).matches(), p.name()));
    }
}
