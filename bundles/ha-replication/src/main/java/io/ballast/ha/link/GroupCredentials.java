package io.ballast.ha.link;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What proves a slave belongs to this master's group: the cluster and broker name, and the MAC of
 * the connection's nonce under {@code haAuthSecret}. With the default empty secret the names alone
 * authenticate, which only keeps out strangers that do not know them; operators should set a
 * secret on every broker of the group. Immutable.
 */
record GroupCredentials(String cluster, String brokerName, String secret) {
    private static final String HMAC = "HmacSHA256";

    byte[] mac(byte[] nonce, long brokerId) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            // HMAC accepts any key length except zero; the empty secret is keyed by one zero byte
            byte[] key = secret.isEmpty() ? new byte[1] : secret.getBytes(StandardCharsets.UTF_8);
            mac.init(new SecretKeySpec(key, HMAC));
            mac.update(nonce);
            ByteBuffer identity = LinkProtocol.identity(cluster, brokerName, brokerId);
            mac.update(identity);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Why this hello is not from a slave of this group, or empty if it is. */
    Optional<String> refusal(SlaveHello hello, byte[] nonce) {
        if (!cluster.equals(hello.cluster())) {
            return Optional.of("cluster '" + hello.cluster() + "' is not '" + cluster + "'");
        }
        if (!brokerName.equals(hello.brokerName())) {
            return Optional.of("broker name '" + hello.brokerName() + "' is not '" + brokerName + "'");
        }
        if (hello.brokerId() < 1) {
            return Optional.of("broker id " + hello.brokerId() + " is not a slave's (≥ 1)");
        }
        if (!MessageDigest.isEqual(mac(nonce, hello.brokerId()), hello.mac())) {
            return Optional.of("the MAC does not match (haAuthSecret differs)");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "GroupCredentials[" + cluster + "/" + brokerName + "]"; // never the secret
    }
}
