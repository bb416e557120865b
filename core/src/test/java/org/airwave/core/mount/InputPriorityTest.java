package org.airwave.core.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stream.BufferLimits;
import org.junit.jupiter.api.Test;

/**
 * A mount's inputs by priority: who may take the mount from whom, who is told to yield, and who is
 * asked to resume (and what happens when it cannot) when the holder leaves.
 */
class InputPriorityTest {

    private static final BufferLimits LIMITS = new BufferLimits(20_000_000, 1 << 20, 2_000_000, 1024);

    private final Mount mount = new MountRegistry().mount("/radio");
    private final List<String> calls = new ArrayList<>();

    /** A standby input that records what the mount asks of it and claims (or not) when resumed. */
    private final class Recorder implements StandbyInput {
        private final InputPriority priority;
        private final boolean canPlay;
        private SourceClaim claim;

        Recorder(InputPriority priority, boolean canPlay) {
            this.priority = priority;
            this.canPlay = canPlay;
            mount.standBy(priority, this);
        }

        Optional<SourceClaim> play() {
            Optional<SourceClaim> got = mount.claim(info(protocolOf(priority)), LIMITS, priority);
            got.ifPresent(c -> claim = c);
            return got;
        }

        @Override
        public void yieldToHigher() {
            calls.add(priority + " yields");
            claim.release();
        }

        @Override
        public void resume() {
            calls.add(priority + " resumes");
            if (!canPlay || play().isEmpty()) {
                mount.passOn(priority);
            }
        }
    }

    @Test
    void higherPriorityTakesOverAndTheLowerYields() {
        Recorder playlist = new Recorder(InputPriority.PLAYLIST, true);
        Recorder relay = new Recorder(InputPriority.RELAY, true);
        assertThat(playlist.play()).isPresent();
        assertThat(relay.play()).isPresent();
        assertThat(calls).containsExactly("PLAYLIST yields");
        assertThat(mount.claim(info(Protocol.ICECAST), LIMITS)).isPresent();
        assertThat(calls).containsExactly("PLAYLIST yields", "RELAY yields");
        assertThat(relay.play()).as("a relay never takes the mount from a live source").isEmpty();
        assertThat(mount.claim(info(Protocol.ICECAST), LIMITS)).as("one live source at a time").isEmpty();
    }

    @Test
    void whenTheLiveSourceLeavesTheHighestStandbyResumesAndPassesOnIfItCannot() {
        new Recorder(InputPriority.PLAYLIST, true);
        new Recorder(InputPriority.RELAY, false);
        SourceClaim live = mount.claim(info(Protocol.ICECAST), LIMITS).orElseThrow();
        live.release();
        assertThat(calls).containsExactly("RELAY resumes", "PLAYLIST resumes");
        assertThat(mount.liveSource().orElseThrow().priority()).isEqualTo(InputPriority.PLAYLIST);
        assertThat(mount.hasStandbyBelow(InputPriority.RELAY)).isTrue();
        assertThat(mount.hasStandbyBelow(InputPriority.PLAYLIST)).isFalse();
    }

    @Test
    void aRelayLeavingAsksOnlyTheInputsBelowIt() {
        Recorder relay = new Recorder(InputPriority.RELAY, true);
        new Recorder(InputPriority.PLAYLIST, true);
        relay.play().orElseThrow().release();
        assertThat(calls).containsExactly("PLAYLIST resumes");
        mount.withdraw(InputPriority.PLAYLIST, null);
        assertThat(mount.hasStandbyBelow(InputPriority.RELAY)).as("withdraw removes only the given input").isTrue();
    }

    private static Protocol protocolOf(InputPriority priority) {
        return switch (priority) {
            case FALLBACK_MOUNT -> Protocol.FALLBACK;
            case PLAYLIST -> Protocol.PLAYLIST;
            case RELAY -> Protocol.RELAY;
            case LIVE -> Protocol.ICECAST;
        };
    }

    private static SourceInfo info(Protocol protocol) {
        return new SourceInfo(protocol, "audio/mpeg", "", "", "", "", false, "", "", "", "test", Instant.now());
    }
}
