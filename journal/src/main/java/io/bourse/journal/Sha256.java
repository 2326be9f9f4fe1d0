package io.bourse.journal;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 helpers; every Java platform has the algorithm. */
final class Sha256 {
    private Sha256() {
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Finishes the digest into {@code target} (32 bytes) without allocating, and resets it. */
    static void digestInto(final MessageDigest digest, final byte[] target) {
        try {
            digest.digest(target, 0, target.length);
        } catch (final DigestException e) {
            throw new IllegalStateException(e);
        }
    }
}
