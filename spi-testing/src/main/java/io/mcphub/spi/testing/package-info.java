/**
 * Test fixtures for plugin authors: {@link io.mcphub.spi.testing.FakeNode}, request sets, and the contract tests
 * {@link io.mcphub.spi.testing.StickyStrategyContract} and {@link io.mcphub.spi.testing.LoadBalancerContract} that
 * every strategy and balancer, ours and third parties', must pass.
 */
package io.mcphub.spi.testing;
