package io.mcphub.mode;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an engine type (or a whole package) that mode plugins may use. This is the one place the rule is written:
 *
 * <ul>
 *   <li>A mode plugin ({@code plugins/coordinator}, {@code plugins/node}, a third party's) may use the spi, the
 *       package {@code io.mcphub.mode} (its entry point is {@link ModeContext}), and the engine types marked
 *       {@code @ModeApi}: the shapes routing has to speak (an {@code Upstream}, a {@code PendingCall}, a catalog,
 *       the JSON helpers, the management API's request and response).</li>
 *   <li>Every other engine type is internal: it may change or go without notice, and a mode plugin that imports it
 *       fails the build ({@code ModeApiBoundaryTest} in the engine's tests scans the main sources of every module
 *       under {@code plugins/}).</li>
 * </ul>
 *
 * <p>Like grpc's {@code @ExperimentalApi}, the mark says "may be used", not "will never change": the marked types
 * in {@code io.mcphub.upstream} and {@code io.mcphub.hub} are still being reshaped, and plugins move with them.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.PACKAGE})
public @interface ModeApi {}
