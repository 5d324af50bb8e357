/**
 * The plugin contracts of mcphub: what a third party codes against, and nothing else.
 *
 * <p>Three families are found with {@link java.util.ServiceLoader}, from the classpath and from jars in
 * the {@code --plugins} folder:
 * <ul>
 *   <li>{@link io.mcphub.spi.StickyStrategyProvider}: names the node a session must stay on;</li>
 *   <li>{@link io.mcphub.spi.LoadBalancerProvider}: picks a node for a new placement;</li>
 *   <li>{@link io.mcphub.spi.HubPluginProvider}: mode plugins that add behaviour to the hub.</li>
 * </ul>
 *
 * <p>A provider is a tiny stateless factory with a lowercase {@link io.mcphub.spi.PluginProvider#name()}.
 * It parses its config block once, at start, into an immutable value, and reports problems as
 * {@link io.mcphub.spi.ConfigProblem}s ({@code path: value (expected: ...)}) inside a
 * {@link io.mcphub.spi.ConfigResult} rather than throwing. Strategies see nodes only through the
 * read-only {@link io.mcphub.spi.NodeView} and {@link io.mcphub.spi.NodeSet}, and requests only through
 * {@link io.mcphub.spi.RoutingRequest}; this package depends on nothing but the JDK.
 */
package io.mcphub.spi;
