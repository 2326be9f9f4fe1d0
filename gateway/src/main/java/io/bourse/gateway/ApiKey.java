package io.bourse.gateway;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * One API key: the account it acts for, how its requests are signed (an HMAC-SHA256 secret, or an Ed25519 public key
 * whose private half only the client has), and what it may do.
 *
 * @param apiKey           the key, 64 letters and digits, sent in {@code X-MBX-APIKEY}
 * @param accountId        the engine account
 * @param name             the account holder's name, for operators
 * @param hmacSecret       the HMAC secret, or null for an Ed25519 key
 * @param ed25519PublicKey the Ed25519 public key as base64 of its X.509 encoding, or null for an HMAC key
 * @param canTrade         whether the key may place and cancel orders
 * @param demo             whether this is a demo account's key (its secret is printed at start)
 */
public record ApiKey(String apiKey, long accountId, String name, String hmacSecret, String ed25519PublicKey, boolean canTrade, boolean demo) {
    /** The ASN.1 prefix of an X.509 SubjectPublicKeyInfo for a raw 32-byte Ed25519 key. */
    private static final byte[] ED25519_X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    /** The Ed25519 public key. */
    public PublicKey publicKey() {
        return parseEd25519(ed25519PublicKey);
    }

    /**
     * Reads an Ed25519 public key from a PEM block, base64 of its X.509 encoding, or base64 of the raw 32 bytes;
     * throws {@link IllegalArgumentException} when it is none of these.
     */
    public static PublicKey parseEd25519(final String text) {
        try {
            final String base64 = text.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
            byte[] der = Base64.getDecoder().decode(base64);
            if (der.length == 32) {
                final byte[] wrapped = new byte[ED25519_X509_PREFIX.length + 32];
                System.arraycopy(ED25519_X509_PREFIX, 0, wrapped, 0, ED25519_X509_PREFIX.length);
                System.arraycopy(der, 0, wrapped, ED25519_X509_PREFIX.length, 32);
                der = wrapped;
            }
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (final GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    /** The key in the canonical form the store keeps: base64 of its X.509 encoding. */
    public static String canonicalEd25519(final String text) {
        return Base64.getEncoder().encodeToString(parseEd25519(text).getEncoded());
    }
}
