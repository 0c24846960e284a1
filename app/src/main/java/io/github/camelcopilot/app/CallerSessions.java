package io.github.camelcopilot.app;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.microsoft.aad.msal4j.IAccount;

/**
 * The page's sign-in sessions, held on the server: the browser holds only a random session id in an HttpOnly,
 * SameSite=Lax cookie (Secure under TLS), never a token. A session carries the pending sign-in (state, nonce, PKCE
 * verifier) until the redirect comes back, then the MSAL account whose tokens (in the app's MSAL cache) act for the
 * user, and a CSRF token the page sends back in a header with every state-changing request.
 * <p>
 * Bounded in count and idle time: the oldest sessions are dropped first.
 */
final class CallerSessions {

    static final String COOKIE = "copilot_session";
    static final int MAX_SESSIONS = 10_000;
    static final Duration IDLE_TIMEOUT = Duration.ofHours(8);
    static final Duration SIGN_IN_TIMEOUT = Duration.ofMinutes(10);

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A sign-in under way: what the redirect back must match. */
    record PendingSignIn(String state, String nonce, String codeVerifier, String redirectUri, Instant startedAt) {
        @Override
        public String toString() {
            return "PendingSignIn[" + redirectUri + ", " + startedAt + "]"; // never the state or the verifier
        }
    }

    /** A signed-in user: the MSAL account and who it is. */
    record SignedIn(IAccount account, String principal, String name) {
    }

    static final class Session {
        private final String id;
        private final String csrfToken = random();
        private volatile PendingSignIn pending;
        private volatile SignedIn signedIn;
        private volatile Instant lastUsed;

        private Session(String id, Instant now) {
            this.id = id;
            this.lastUsed = now;
        }

        String id() {
            return id;
        }

        String csrfToken() {
            return csrfToken;
        }

        PendingSignIn pending() {
            return pending;
        }

        SignedIn signedIn() {
            return signedIn;
        }

        /** The CSRF header matches this session's token (compared in constant time). */
        boolean csrfMatches(String header) {
            return header != null && MessageDigest.isEqual(header.getBytes(), csrfToken.getBytes());
        }

        @Override
        public String toString() {
            return "Session[" + (signedIn == null ? "anonymous" : signedIn.name()) + "]"; // never the id
        }
    }

    private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true);
    private final Clock clock;

    CallerSessions(Clock clock) {
        this.clock = clock;
    }

    /** The live session with this id, touched. */
    synchronized Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        Instant now = clock.instant();
        if (session == null || session.lastUsed.plus(IDLE_TIMEOUT).isBefore(now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        session.lastUsed = now;
        return Optional.of(session);
    }

    /** A new session for a sign-in starting now: fresh state, nonce and PKCE verifier. */
    synchronized Session startSignIn(String redirectUri) {
        Session session = create();
        session.pending = new PendingSignIn(random(), random(), random() + random(), redirectUri, clock.instant());
        return session;
    }

    /**
     * Ends the pending sign-in of a session and opens a new session for the signed-in user, so that the id the browser
     * held before sign-in (possibly planted) never carries a signed-in user.
     */
    synchronized Session completeSignIn(Session pendingSession, SignedIn user) {
        sessions.remove(pendingSession.id);
        Session session = create();
        session.signedIn = user;
        return session;
    }

    synchronized void remove(Session session) {
        sessions.remove(session.id);
    }

    /** Whether a pending sign-in is still within its time. */
    boolean current(PendingSignIn pending) {
        return pending != null && pending.startedAt().plus(SIGN_IN_TIMEOUT).isAfter(clock.instant());
    }

    synchronized int size() {
        return sessions.size();
    }

    private Session create() {
        while (sessions.size() >= MAX_SESSIONS) {
            sessions.remove(sessions.keySet().iterator().next());
        }
        Session session = new Session(random(), clock.instant());
        sessions.put(session.id, session);
        return session;
    }

    /** 256 random bits, base64url. */
    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
