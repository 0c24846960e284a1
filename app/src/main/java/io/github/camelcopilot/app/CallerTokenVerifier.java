package io.github.camelcopilot.app;

import java.net.MalformedURLException;
import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Verifies a caller's Entra access token for the app's own API with Nimbus JOSE + JWT: the RS256 signature against
 * the tenant's published keys (fetched, cached, and fetched again when a token names a key not yet seen, which is
 * how Entra's key rotation reaches us), then issuer, audience, expiry (one minute of clock skew) and the app's scope
 * in {@code scp}. App-only tokens (no {@code scp}) are refused.
 */
final class CallerTokenVerifier {

    /** A verified caller: who (tenant and object id), shown as whom, and the token to exchange on their behalf. */
    record Caller(String tenantId, String objectId, String name, String token) {

        /** The key conversations are owned by. */
        String principal() {
            return tenantId + "/" + objectId;
        }

        @Override
        public String toString() {
            return "Caller[" + name + "]"; // never the token
        }
    }

    /** Why a token was refused. */
    enum Refusal {
        /** Not a valid token for this API (signature, issuer, audience, expiry). */
        INVALID,
        /** Valid, but without the app's scope. */
        INSUFFICIENT_SCOPE,
        /** The tenant's keys could not be fetched: nothing is known about the token. */
        KEYS_UNAVAILABLE
    }

    /** A refused token; the message is safe to send back (it never quotes the token). */
    static final class RejectedToken extends Exception {
        private final Refusal refusal;

        RejectedToken(String message, Refusal refusal) {
            super(message, null, false, false);
            this.refusal = refusal;
        }

        Refusal refusal() {
            return refusal;
        }

        boolean insufficientScope() {
            return refusal == Refusal.INSUFFICIENT_SCOPE;
        }
    }

    private static final Duration KEY_SET_TTL = Duration.ofHours(12);
    private static final Duration KEY_SET_REFRESH_TIMEOUT = Duration.ofSeconds(15);
    private static final int KEY_SET_MAX_BYTES = 512 * 1024;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String scope;
    private final String jwksUrl;

    CallerTokenVerifier(HttpAuthSettings settings) {
        this.scope = settings.scope();
        this.jwksUrl = settings.jwksUrl();
        URL jwks;
        try {
            jwks = new URL(settings.jwksUrl());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(HttpAuthSettings.PREFIX + "jwksUrl '" + settings.jwksUrl()
                                               + "' is not a URL", e);
        }
        int timeout = (int) KEY_SET_REFRESH_TIMEOUT.toMillis();
        JWKSource<SecurityContext> keys = JWKSourceBuilder
                .create(jwks, new DefaultResourceRetriever(timeout, timeout, KEY_SET_MAX_BYTES))
                .cache(KEY_SET_TTL.toMillis(), KEY_SET_REFRESH_TIMEOUT.toMillis())
                .retrying(true)
                .build();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(new HashSet<>(settings.audiences()),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                Set.of("sub", "exp", "iat", "tid", "oid"), null));
    }

    Caller verify(String token) throws RejectedToken {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new RejectedToken("The bearer token is not a JWT", Refusal.INVALID);
        } catch (BadJWTException e) {
            throw new RejectedToken("The token was refused: " + e.getMessage(), Refusal.INVALID);
        } catch (BadJOSEException e) {
            throw new RejectedToken("The token's signature was refused: " + e.getMessage(), Refusal.INVALID);
        } catch (RateLimitReachedException e) {
            // The key set was fetched moments ago and does not hold the token's key: a key the tenant does not
            // publish (a forgery, or another tenant's), not an outage to retry.
            throw new RejectedToken("The token names a signing key the tenant does not publish", Refusal.INVALID);
        } catch (KeySourceException e) {
            throw new RejectedToken("The tenant's signing keys could not be fetched from " + jwksUrl + ": "
                                    + e.getMessage(), Refusal.KEYS_UNAVAILABLE);
        } catch (JOSEException e) {
            throw new RejectedToken("The token could not be verified: " + e.getMessage(), Refusal.INVALID);
        }
        Object scp = claims.getClaim("scp");
        List<String> scopes = scp instanceof String granted ? Arrays.asList(granted.split(" ")) : List.of();
        if (!scopes.contains(scope)) {
            throw new RejectedToken("The token does not grant the scope '" + scope + "' (app-only tokens are"
                                    + " refused)", Refusal.INSUFFICIENT_SCOPE);
        }
        String name = firstString(claims, "preferred_username", "name", "oid");
        return new Caller(firstString(claims, "tid"), firstString(claims, "oid"), name, token);
    }

    private static String firstString(JWTClaimsSet claims, String... names) {
        for (String name : names) {
            Object value = claims.getClaim(name);
            if (value instanceof String text && !text.isBlank()) {
                return text;
            }
        }
        return null;
    }
}
