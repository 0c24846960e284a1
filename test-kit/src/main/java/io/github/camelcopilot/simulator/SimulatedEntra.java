package io.github.camelcopilot.simulator;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jwt.JWTClaimsSet;

/**
 * The simulator's identity provider (a fake Microsoft Entra ID): it issues the tokens the Graph endpoints accept and
 * serves, through {@link EntraHandler}, the endpoints MSAL4J and a browser call: token, device code, authorize (a
 * sign-in page for its {@link #testUsers() test users}, authorization codes bound to PKCE) and the published signing
 * keys. Tokens for an application's own API, and ID tokens, are RS256-signed JWTs with Entra's claims ({@code iss},
 * {@code aud}, {@code oid}, {@code tid}, {@code scp}, ...), verifiable against
 * {@code /<tenant>/discovery/v2.0/keys}; tokens for Graph and Work IQ are opaque strings, as they are to a client
 * of the real service. All are tracked here with their user, audience and expiry, so the Graph endpoints can refuse
 * expired, foreign, app-only and revoked ones.
 * <p>
 * Tests drive what a person or an administrator would do: {@link #approveDeviceCode approve} a pending device code
 * as a user, {@link #revokeRefreshTokens revoke} a user's sign-in, {@link #accessTokenLifetime shorten} lifetimes,
 * {@link #rotateSigningKeys() rotate} the signing keys.
 */
public final class SimulatedEntra {

    /** The audience of Microsoft Graph tokens. */
    public static final String GRAPH_AUDIENCE = "https://graph.microsoft.com";
    /** The audience of Work IQ REST tokens. */
    public static final String WORK_IQ_AUDIENCE = "api://workiq.svc.cloud.microsoft";

    /** The users the authorize endpoint's sign-in page offers. */
    public static final List<String> TEST_USERS = List.of("adele@contoso.test", "megan@contoso.test",
            "alex@contoso.test");
    /** The scope a calling application's users consent to for its own API ({@code api://<client id>/access_as_user}). */
    public static final String API_SCOPE = "access_as_user";

    /** An access token this identity provider issued. {@code user} is null for an app-only token. */
    record AccessToken(String user, String tenant, String clientId, String audience, Instant expiresAt) {
    }

    /** A refresh token: whose, for which client, and whether it was revoked. */
    record RefreshToken(String user, String tenant, String clientId, boolean revoked) {
    }

    /** A device code sign-in waiting for a person (user null until approved). */
    record DeviceLogin(String deviceCode, String userCode, String clientId, String tenant, String scope,
                       Instant expiresAt, String user) {
    }

    /** An authorization code waiting to be redeemed, bound to its client, redirect URI and PKCE challenge. */
    record AuthorizationCode(String code, String user, String tenant, String clientId, String redirectUri,
                             String scope, String codeChallenge, String nonce, Instant expiresAt) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, RefreshToken> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, DeviceLogin> deviceLogins = new ConcurrentHashMap<>();
    private final Map<String, String> clientSecrets = new ConcurrentHashMap<>();
    private final Map<String, AuthorizationCode> authorizationCodes = new ConcurrentHashMap<>();
    private final AtomicInteger keySetRequests = new AtomicInteger();
    private volatile SigningKeys signingKeys;
    private final Map<String, AtomicInteger> tokenRequestsByGrant = new ConcurrentHashMap<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final Clock clock = Clock.systemUTC();
    private volatile Duration accessTokenLifetime = Duration.ofHours(1);
    private volatile Duration deviceCodePollInterval = Duration.ofSeconds(1);

    SimulatedEntra() {
    }

    /** How long new access tokens live (default one hour). MSAL refreshes tokens with under five minutes left. */
    public SimulatedEntra accessTokenLifetime(Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive: " + lifetime);
        }
        this.accessTokenLifetime = lifetime;
        return this;
    }

    public Duration accessTokenLifetime() {
        return accessTokenLifetime;
    }

    /** The polling interval the device code endpoint asks for, whole seconds (default 1). */
    public SimulatedEntra deviceCodePollInterval(Duration interval) {
        this.deviceCodePollInterval = interval;
        return this;
    }

    /**
     * Registers a confidential client: its token requests must then carry this secret (or a client assertion), or
     * they are refused with {@code invalid_client}. Unregistered client ids are accepted with any credential.
     */
    public SimulatedEntra registerClient(String clientId, String clientSecret) {
        clientSecrets.put(Objects.requireNonNull(clientId, "clientId"), Objects.requireNonNull(clientSecret, "secret"));
        return this;
    }

    /**
     * A delegated token of {@code user} for {@code audience}, as a calling application would have received it at its
     * own sign-in: what a route gets in the CamelCopilotUserAssertion header for on-behalf-of.
     */
    public String issueUserToken(String user, String audience) {
        return issueUserToken(user, audience, DEFAULT_TENANT, accessTokenLifetime);
    }

    /**
     * A delegated token of {@code user} in {@code tenant} for {@code audience} that expires after {@code lifetime}
     * (negative: it has already expired). Its {@code scp} is {@value #API_SCOPE}, or the Copilot permissions for the
     * Graph and Work IQ audiences.
     */
    public String issueUserToken(String user, String audience, String tenant, Duration lifetime) {
        Objects.requireNonNull(user, "user");
        return issueAccessToken(user, tenant, "calling-app", audience, lifetime);
    }

    /** The tenant of {@link #issueUserToken(String, String)}'s tokens. */
    public static final String DEFAULT_TENANT = "simulated";

    /** The {@code iss} of this tenant's tokens, as Entra's v2.0 endpoint writes it. */
    public static String issuer(String tenant) {
        return "https://login.microsoftonline.com/" + tenant + "/v2.0";
    }

    /** The users the authorize endpoint offers on its sign-in page. */
    public List<String> testUsers() {
        return TEST_USERS;
    }

    /**
     * Signs new tokens with a fresh key from now on; the previous key stays published (tokens already issued remain
     * valid), the one before it is withdrawn.
     */
    public SimulatedEntra rotateSigningKeys() {
        signingKeys().rotate();
        return this;
    }

    /** The key id ({@code kid}) new tokens are signed with. */
    public String currentSigningKeyId() {
        return signingKeys().currentKeyId();
    }

    /** Requests for the published signing keys (JWKS) since start or the last reset. */
    public int keySetRequestCount() {
        return keySetRequests.get();
    }

    /** An app-only token (client credentials) for {@code audience}: the API refuses it. */
    public String issueAppOnlyToken(String clientId, String audience) {
        return issueAccessToken(null, "simulated", clientId, audience, accessTokenLifetime);
    }

    /** The user codes of the device code sign-ins nobody has approved yet, oldest first. */
    public List<String> pendingUserCodes() {
        return deviceLogins.values().stream().filter(login -> login.user() == null)
                .sorted((a, b) -> a.expiresAt().compareTo(b.expiresAt())).map(DeviceLogin::userCode).toList();
    }

    /** Completes the device code sign-in with {@code userCode} as {@code user}, as the person would in a browser. */
    public void approveDeviceCode(String userCode, String user) {
        Objects.requireNonNull(user, "user");
        DeviceLogin login = deviceLogins.values().stream().filter(candidate -> candidate.userCode().equals(userCode))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("No pending device code " + userCode));
        deviceLogins.put(login.deviceCode(), new DeviceLogin(login.deviceCode(), login.userCode(), login.clientId(),
                login.tenant(), login.scope(), login.expiresAt(), user));
    }

    /** Revokes every refresh token of {@code user} (a password reset, or "revoke sessions" by an admin). */
    public void revokeRefreshTokens(String user) {
        refreshTokens.replaceAll((token, refresh) -> refresh.user() != null && refresh.user().equals(user)
                ? new RefreshToken(refresh.user(), refresh.tenant(), refresh.clientId(), true) : refresh);
    }

    /**
     * Revokes the API tokens (Graph and Work IQ audiences) of {@code user}: the API answers 401 to them from now on,
     * as under continuous access evaluation, while clients may still hold them as valid.
     */
    public void revokeAccessTokens(String user) {
        accessTokens.values().removeIf(token -> user.equals(token.user())
                && (token.audience().equals(GRAPH_AUDIENCE) || token.audience().equals(WORK_IQ_AUDIENCE)));
    }

    /** Token endpoint requests since start or the last reset, every grant. */
    public int tokenRequestCount() {
        return tokenRequests.get();
    }

    /** Token endpoint requests with this grant type ({@code refresh_token}, {@code device_code}, ...). */
    public int tokenRequestCount(String grantType) {
        AtomicInteger count = tokenRequestsByGrant.get(grantType);
        return count == null ? 0 : count.get();
    }

    /** Forgets tokens, device codes, clients, counters and restores the default lifetimes. */
    public void reset() {
        accessTokens.clear();
        refreshTokens.clear();
        deviceLogins.clear();
        clientSecrets.clear();
        authorizationCodes.clear();
        keySetRequests.set(0);
        tokenRequestsByGrant.clear();
        tokenRequests.set(0);
        accessTokenLifetime = Duration.ofHours(1);
        deviceCodePollInterval = Duration.ofSeconds(1);
    }

    // ---- for the handlers ----

    void countTokenRequest(String grantType) {
        tokenRequests.incrementAndGet();
        tokenRequestsByGrant.computeIfAbsent(String.valueOf(grantType), grant -> new AtomicInteger()).incrementAndGet();
    }

    /** The registered secret of a client, or null when any credential is accepted. */
    String clientSecret(String clientId) {
        return clientSecrets.get(clientId);
    }

    String issueAccessToken(String user, String tenant, String clientId, String audience, Duration lifetime) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(lifetime);
        if (audience.equals(GRAPH_AUDIENCE) || audience.equals(WORK_IQ_AUDIENCE)) {
            // Graph's own tokens are opaque to clients (Microsoft: do not parse them); only Graph checks them.
            String token = randomToken("at");
            accessTokens.put(token, new AccessToken(user, tenant, clientId, audience, expiresAt));
            return token;
        }
        // An already expired token (a negative lifetime) was issued an hour before it expired.
        Instant issuedAt = lifetime.isNegative() ? expiresAt.minus(Duration.ofHours(1)) : now;
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer(tenant))
                .audience(audience)
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .claim("azp", clientId)
                .claim("tid", tenant)
                .claim("ver", "2.0");
        if (user == null) {
            String appObjectId = objectId("app:" + clientId);
            claims.subject(appObjectId).claim("oid", appObjectId).claim("idtyp", "app")
                    .claim("roles", List.of("Sites.Read.All"));
        } else {
            String objectId = objectId(user);
            claims.subject(objectId).claim("oid", objectId).claim("name", displayName(user))
                    .claim("preferred_username", user).claim("scp", delegatedScopes(audience));
        }
        String token = signingKeys().sign(claims.build());
        accessTokens.put(token, new AccessToken(user, tenant, clientId, audience, expiresAt));
        return token;
    }

    /** An ID token of {@code user} for {@code clientId}, signed like the access tokens. */
    String issueIdToken(String user, String tenant, String clientId, String nonce, Duration lifetime) {
        Instant now = clock.instant();
        String objectId = objectId(user);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer(tenant)).audience(clientId).subject(objectId)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime)))
                .claim("oid", objectId).claim("tid", tenant).claim("name", displayName(user))
                .claim("preferred_username", user).claim("ver", "2.0");
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        return signingKeys().sign(claims.build());
    }

    String publishedKeys() {
        keySetRequests.incrementAndGet();
        return signingKeys().publishedJson();
    }

    AuthorizationCode startAuthorization(String user, String tenant, String clientId, String redirectUri, String scope,
                                         String codeChallenge, String nonce) {
        AuthorizationCode code = new AuthorizationCode(randomToken("ac"), user, tenant, clientId, redirectUri, scope,
                codeChallenge, nonce, clock.instant().plus(AUTHORIZATION_CODE_LIFETIME));
        authorizationCodes.put(code.code(), code);
        return code;
    }

    /** The code, removed: a code is redeemed once. */
    AuthorizationCode redeemAuthorizationCode(String code) {
        return code == null ? null : authorizationCodes.remove(code);
    }

    private static final Duration AUTHORIZATION_CODE_LIFETIME = Duration.ofMinutes(10);

    private static String delegatedScopes(String audience) {
        return audience.equals(GRAPH_AUDIENCE) || audience.equals(WORK_IQ_AUDIENCE)
                ? "Sites.Read.All Mail.Read People.Read.All OnlineMeetingTranscript.Read.All Chat.Read"
                  + " ChannelMessage.Read.All ExternalItem.Read.All"
                : API_SCOPE;
    }

    /** {@code adele@contoso.test} -> {@code Adele}. */
    static String displayName(String user) {
        String local = user.contains("@") ? user.substring(0, user.indexOf('@')) : user;
        return local.isEmpty() ? user : Character.toUpperCase(local.charAt(0)) + local.substring(1);
    }

    /** Created on first use, so that a simulator serving static tokens only never generates keys. */
    private SigningKeys signingKeys() {
        SigningKeys keys = signingKeys;
        if (keys == null) {
            synchronized (this) {
                if (signingKeys == null) {
                    signingKeys = new SigningKeys();
                }
                keys = signingKeys;
            }
        }
        return keys;
    }

    String issueRefreshToken(String user, String tenant, String clientId) {
        String token = randomToken("rt");
        refreshTokens.put(token, new RefreshToken(user, tenant, clientId, false));
        return token;
    }

    AccessToken accessToken(String token) {
        return accessTokens.get(token);
    }

    RefreshToken refreshToken(String token) {
        return refreshTokens.get(token);
    }

    DeviceLogin startDeviceLogin(String clientId, String tenant, String scope, Duration lifetime) {
        String userCode = randomUserCode();
        DeviceLogin login = new DeviceLogin(randomToken("dc"), userCode, clientId, tenant, scope,
                clock.instant().plus(lifetime), null);
        deviceLogins.put(login.deviceCode(), login);
        return login;
    }

    DeviceLogin deviceLogin(String deviceCode) {
        return deviceLogins.get(deviceCode);
    }

    void finishDeviceLogin(String deviceCode) {
        deviceLogins.remove(deviceCode);
    }

    Duration deviceCodePollInterval() {
        return deviceCodePollInterval;
    }

    Instant now() {
        return clock.instant();
    }

    /** What the API's token check says about a bearer token. */
    enum Verdict { VALID, UNKNOWN, EXPIRED, WRONG_AUDIENCE, APP_ONLY }

    Verdict check(String token, String audience) {
        AccessToken issued = accessTokens.get(token);
        if (issued == null) {
            return Verdict.UNKNOWN;
        }
        if (!issued.expiresAt().isAfter(clock.instant())) {
            return Verdict.EXPIRED;
        }
        if (!issued.audience().equals(audience)) {
            return Verdict.WRONG_AUDIENCE;
        }
        return issued.user() == null ? Verdict.APP_ONLY : Verdict.VALID;
    }

    /** A stable object id for a user name, as Entra's {@code oid}. */
    static String objectId(String user) {
        return UUID.nameUUIDFromBytes(("user:" + user).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String randomToken(String kind) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "sim-" + kind + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String randomUserCode() {
        String letters = "BCDFGHJKLMNPQRSTVWXZ";
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            code.append(letters.charAt(RANDOM.nextInt(letters.length())));
        }
        return code.toString();
    }

    @Override
    public String toString() {
        return "SimulatedEntra[" + accessTokens.size() + " access tokens, " + refreshTokens.size() + " refresh tokens]";
    }
}
