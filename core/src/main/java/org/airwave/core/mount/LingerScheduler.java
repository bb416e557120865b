package org.airwave.core.mount;

import java.time.Duration;

/**
 * Runs a task once after a delay: how {@link MountRegistry} waits out a mount's linger time. The
 * application passes a scheduled executor's {@code schedule}; tests pass a queue they run by hand,
 * so no test sleeps.
 *
 * <p>Threading: called from any thread; the task runs on the scheduler's thread and must not block.
 */
@FunctionalInterface
public interface LingerScheduler {

    /** Runs {@code task} once, about {@code delay} from now. */
    void after(Duration delay, Runnable task);
}
