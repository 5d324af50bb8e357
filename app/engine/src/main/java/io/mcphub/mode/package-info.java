/**
 * The engine's API for mode plugins: what a plugin selected by {@code systemConfig.cluster.mode} may do with the
 * hub. {@link io.mcphub.mode.ModePluginProvider} and {@link io.mcphub.mode.ModePlugin} are the family's engine side,
 * {@link io.mcphub.mode.ModeContext} is what a started plugin receives (after grpc's {@code LoadBalancer.Helper}),
 * {@link io.mcphub.mode.ClusterRules} are the node protocol's rules that the node and the coordinator share. The
 * rest of the engine is internal; see {@link io.mcphub.mode.ModeApi}.
 */
@ModeApi
package io.mcphub.mode;
