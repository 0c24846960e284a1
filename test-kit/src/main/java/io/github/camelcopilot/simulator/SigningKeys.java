package io.github.camelcopilot.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The simulated Entra's token signing keys (RS256, 2048 bit), published as a JWKS the way Entra publishes them at
 * {@code /<tenant>/discovery/v2.0/keys}. A {@link #rotate() rotation} signs with a new key from then on and keeps the
 * previous one published, so tokens already issued stay verifiable while verifiers must fetch the new key.
 */
final class SigningKeys {

    /** How many keys stay published: the current one and the one before it. */
    private static final int PUBLISHED = 2;

    private final List<RSAKey> keys = new ArrayList<>();

    SigningKeys() {
        keys.add(generate());
    }

    synchronized String sign(JWTClaimsSet claims) {
        RSAKey current = keys.get(0);
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(current.getKeyID()).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new RSASSASigner(current));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a simulated token", e);
        }
        return jwt.serialize();
    }

    /** The public keys, newest first, as JWKS JSON. */
    synchronized String publishedJson() {
        return new JWKSet(keys.stream().map(RSAKey::toPublicJWK).map(key -> (com.nimbusds.jose.jwk.JWK) key).toList())
                .toString(true);
    }

    synchronized String currentKeyId() {
        return keys.get(0).getKeyID();
    }

    synchronized void rotate() {
        keys.add(0, generate());
        while (keys.size() > PUBLISHED) {
            keys.remove(keys.size() - 1);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate a signing key", e);
        }
    }
}
