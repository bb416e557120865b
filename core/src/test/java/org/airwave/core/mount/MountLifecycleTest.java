package org.airwave.core.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stream.BufferLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which mounts end and when: a mount made by a source or a runtime relay ends once it has had no
 * input for the linger time, a configured one never does, a source returning within the linger keeps
 * its mount, and a claim racing the end gets a live mount. The linger "passes" when the test runs the
 * scheduled checks, so nothing sleeps.
 */
class MountLifecycleTest {

    private static final BufferLimits LIMITS = new BufferLimits(20_000_000, 1 << 20, 2_000_000, 1024);
    private static final Duration LINGER = Duration.ofSeconds(3);

    /** The scheduled end checks, run by the test when it lets the linger time pass. */
    private final List<Runnable> scheduled = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private final MountRegistry mounts = new MountRegistry(LINGER, (delay, task) -> {
        delays.add(delay);
        scheduled.add(task);
    });
    private final List<String> events = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    MountLifecycleTest() {
        mounts.onEveryMount(mount -> events.add("made " + mount.path()));
        mounts.onEveryEnd(mount -> events.add("ended " + mount.path()));
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aMountMadeByASourceEndsOnceTheLingerTimeHasPassedAfterTheSourceLeft() {
        SourceClaim source = live("/lvie");
        Mount mount = source.mount();
        assertThat(mount.isKept()).isFalse();
        assertThat(scheduled).as("nothing lingers while the source is there").isEmpty();

        source.release();
        assertThat(delays).containsExactly(LINGER);
        assertThat(mounts.find("/lvie")).as("lingering: still there").containsSame(mount);
        assertThat(mount.hasEnded()).isFalse();

        lingerPasses();
        assertThat(mount.hasEnded()).isTrue();
        assertThat(mounts.find("/lvie")).isEmpty();
        assertThat(mounts.all()).isEmpty();
        assertThat(events).containsExactly("made /lvie", "ended /lvie");
        assertThat(mount.claim(info(), LIMITS)).as("an ended mount takes no source").isEmpty();
        assertThat(mount.liveSource()).isEmpty();
        assertThat(mount.passthroughBuffer()).isEmpty();
    }

    @Test
    void aSourceReturningWithinTheLingerKeepsTheSameMount() {
        SourceClaim first = live("/guest");
        first.release();
        SourceClaim second = live("/guest");
        assertThat(second.mount()).isSameAs(first.mount());

        lingerPasses();
        assertThat(second.mount().hasEnded()).as("the check of the first absence finds a source").isFalse();
        assertThat(mounts.find("/guest")).containsSame(first.mount());
        assertThat(events).containsExactly("made /guest");

        second.release();
        lingerPasses();
        assertThat(mounts.find("/guest")).isEmpty();
    }

    @Test
    void aCheckFromAnEarlierAbsenceDoesNotCutTheLaterLingerShort() {
        SourceClaim first = live("/guest");
        first.release();
        Runnable earlierCheck = scheduled.remove(0);
        live("/guest").release();

        earlierCheck.run();
        assertThat(mounts.find("/guest")).as("it has lingered only since the second source left").isPresent();
        lingerPasses();
        assertThat(mounts.find("/guest")).isEmpty();
    }

    @Test
    void aLaterSourceOnTheSamePathGetsAFreshMount() {
        SourceClaim first = live("/guest");
        first.mount().updateMetadata("old title", "");
        first.release();
        lingerPasses();

        SourceClaim next = live("/guest");
        assertThat(next.mount()).isNotSameAs(first.mount());
        assertThat(next.mount().hasEnded()).isFalse();
        assertThat(next.mount().metadata().title()).isEmpty();
        assertThat(next.mount().stats().sourceConnects(Protocol.ICECAST)).isEqualTo(1);
        assertThat(events).containsExactly("made /guest", "ended /guest", "made /guest");
    }

    @Test
    void aConfiguredMountLivesForTheServersLife() {
        Mount configured = mounts.mount("/live");
        SourceClaim source = live("/live");
        assertThat(source.mount()).isSameAs(configured);
        source.release();
        lingerPasses();
        assertThat(configured.hasEnded()).isFalse();
        assertThat(mounts.find("/live")).containsSame(configured);
    }

    @Test
    void keepingALingeringMountSavesIt() {
        SourceClaim source = live("/later-configured");
        source.release();
        Mount kept = mounts.mount("/later-configured");
        assertThat(kept).isSameAs(source.mount());
        lingerPasses();
        assertThat(kept.isKept()).isTrue();
        assertThat(mounts.find("/later-configured")).containsSame(kept);
    }

    @Test
    void aStandbyInputKeepsItsMountUntilItWithdraws() {
        StandbyInput relay = new IdleInput();
        Mount mount = mounts.standBy("/mirrored", InputPriority.RELAY, relay);
        SourceClaim pull = mounts.claim("/mirrored", info(), LIMITS, InputPriority.RELAY).orElseThrow();
        assertThat(pull.mount()).isSameAs(mount);
        pull.release();
        lingerPasses();
        assertThat(mounts.find("/mirrored")).as("the relay still stands by").containsSame(mount);

        mount.withdraw(InputPriority.RELAY, relay);
        lingerPasses();
        assertThat(mount.hasEnded()).isTrue();
        assertThat(mounts.find("/mirrored")).isEmpty();
    }

    @Test
    void anInputArrivingAtAMountThatJustEndedGetsANewMountNeverTheDeadOne() {
        SourceClaim source = live("/guest");
        Mount ended = source.mount();
        source.release();
        lingerPasses();

        assertThat(ended.standBy(InputPriority.RELAY, new IdleInput())).isFalse();
        Mount standing = mounts.standBy("/guest", InputPriority.RELAY, new IdleInput());
        assertThat(standing).isNotSameAs(ended);
        assertThat(standing.hasEnded()).isFalse();
    }

    @Test
    void sourcesRacingTheEndAlwaysHoldALiveMount() throws Exception {
        MountRegistry racing = new MountRegistry(Duration.ZERO, (delay, task) -> task.run());
        AtomicInteger ends = new AtomicInteger();
        racing.onEveryEnd(mount -> ends.incrementAndGet());
        AtomicInteger deadClaims = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            runs.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < 2_000; i++) {
                    racing.claim("/contested", info(), LIMITS, InputPriority.LIVE).ifPresent(claim -> {
                        if (claim.mount().hasEnded()) {
                            deadClaims.incrementAndGet();
                        }
                        claim.release();
                    });
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> run : runs) {
            run.get(60, TimeUnit.SECONDS);
        }
        assertThat(deadClaims).hasValue(0);
        assertThat(ends.get()).as("mounts did end between the sources").isPositive();
        assertThat(racing.all()).as("the last source left with no linger: nothing remains").isEmpty();
    }

    /** Runs the end checks scheduled so far, as if the linger time had passed. */
    private void lingerPasses() {
        List<Runnable> due = new ArrayList<>(scheduled);
        scheduled.clear();
        due.forEach(Runnable::run);
    }

    private SourceClaim live(String path) {
        return mounts.claim(path, info(), LIMITS, InputPriority.LIVE).orElseThrow();
    }

    private static SourceInfo info() {
        return new SourceInfo(Protocol.ICECAST, "audio/mpeg", "", "", "", "", false, "", "", "", "test", Instant.now());
    }

    /** A relay that stands by and never plays (it only has to be registered). */
    private static final class IdleInput implements StandbyInput {
        @Override
        public void yieldToHigher() {
        }

        @Override
        public void resume() {
        }
    }
}
