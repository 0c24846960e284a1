package io.github.camelcopilot.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The page's server-side sessions: renewed at sign-in, dropped when idle, bounded in number. */
class CallerSessionsTest {

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T08:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void signingInReplacesTheSessionAndItsIdSoAPlantedIdNeverCarriesAUser() {
        CallerSessions sessions = new CallerSessions(Clock.systemUTC());
        CallerSessions.Session pending = sessions.startSignIn("http://localhost/auth/callback");
        assertThat(pending.pending().codeVerifier()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(pending.pending().state()).isNotEqualTo(pending.pending().nonce());
        assertThat(pending.pending().toString()).doesNotContain(pending.pending().codeVerifier())
                .doesNotContain(pending.pending().state());
        CallerSessions.Session signedIn = sessions.completeSignIn(pending,
                new CallerSessions.SignedIn(null, "tenant/adele", "adele@contoso.test"));
        assertThat(signedIn.id()).isNotEqualTo(pending.id());
        assertThat(sessions.find(pending.id())).isEmpty();
        assertThat(sessions.find(signedIn.id())).containsSame(signedIn);
        assertThat(signedIn.csrfMatches(signedIn.csrfToken())).isTrue();
        assertThat(signedIn.csrfMatches(pending.csrfToken())).isFalse();
        assertThat(signedIn.csrfMatches(null)).isFalse();
        assertThat(signedIn.toString()).doesNotContain(signedIn.id()).doesNotContain(signedIn.csrfToken());
    }

    @Test
    void anIdleSessionEndsAndAPendingSignInExpires() {
        MovableClock clock = new MovableClock();
        CallerSessions sessions = new CallerSessions(clock);
        CallerSessions.Session session = sessions.startSignIn("http://localhost/auth/callback");
        clock.now = clock.now.plus(CallerSessions.SIGN_IN_TIMEOUT).plusSeconds(1);
        assertThat(sessions.current(session.pending())).isFalse();
        assertThat(sessions.find(session.id())).isPresent(); // touched now
        clock.now = clock.now.plus(CallerSessions.IDLE_TIMEOUT).plus(Duration.ofSeconds(1));
        assertThat(sessions.find(session.id())).isEmpty();
    }

    @Test
    void theOldestSessionsGoFirstBeyondTheLimit() {
        CallerSessions sessions = new CallerSessions(Clock.systemUTC());
        CallerSessions.Session first = sessions.startSignIn("http://localhost/auth/callback");
        for (int i = 0; i < CallerSessions.MAX_SESSIONS; i++) {
            sessions.startSignIn("http://localhost/auth/callback");
        }
        assertThat(sessions.size()).isEqualTo(CallerSessions.MAX_SESSIONS);
        assertThat(sessions.find(first.id())).isEmpty();
    }
}
