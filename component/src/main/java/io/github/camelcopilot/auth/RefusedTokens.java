package io.github.camelcopilot.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Tokens the API refused (401) although MSAL still considers them valid, say after a revocation. MSAL has no call
 * to drop one access token from its cache, so the providers remember the refused ones (as hashes, never the tokens)
 * and bypass the cache when MSAL hands one out again.
 */
final class RefusedTokens {

    private static final int CAPACITY = 1_000;

    private final Set<String> hashes = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    });

    synchronized void add(String token) {
        hashes.add(hash(token));
    }

    synchronized boolean contains(String token) {
        return !hashes.isEmpty() && hashes.contains(hash(token));
    }

    /** A SHA-256 of a token: safe to keep as a key or compare, and it reveals nothing. */
    static String hash(String token) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
