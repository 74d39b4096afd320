package org.certsync.demo;

import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.certsync.certificate.Fingerprints;

/**
 * The demo data set: about 50 users whose certificates show every case the policy decides,
 * each with the outcome a correct sync produces.
 */
public final class DemoUsers {

    public static final String DOMAIN = "demo.certsync.example";
    static final String USER_CERTIFICATE = "userCertificate";
    static final String USER_CERTIFICATE_BINARY = "userCertificate;binary";
    static final String USER_SMIME = "userSMIMECertificate";
    private static final long DAY = 86_400;

    private final DemoCertificateAuthority ca;
    private final List<DemoUser> users = new ArrayList<>();

    private DemoUsers(DemoCertificateAuthority ca) {
        this.ca = ca;
    }

    public static List<DemoUser> generate(DemoCertificateAuthority ca) {
        return generate(ca, 0);
    }

    /** The demo set plus {@code extraUsers} ordinary users with one valid certificate each (for scale). */
    public static List<DemoUser> generate(DemoCertificateAuthority ca, int extraUsers) {
        DemoUsers set = new DemoUsers(ca);
        set.build();
        for (int i = 1; i <= extraUsers; i++) {
            String uid = "extra%06d".formatted(i);
            set.user(uid, "extra user for scale").publish(USER_CERTIFICATE, ca.issue(ca.leaf(mail(uid)))).add();
        }
        return List.copyOf(set.users);
    }

    public static String mail(String uid) {
        return uid + "@" + DOMAIN;
    }

    private void build() {
        Instant now = Instant.now();
        for (int i = 1; i <= 30; i++) {
            String uid = "user%02d".formatted(i);
            // every fifth user carries the ";binary" attribute name used by non-AD directories
            user(uid, "valid certificate").publish(i % 5 == 0 ? USER_CERTIFICATE_BINARY : USER_CERTIFICATE,
                    ca.issue(ca.leaf(mail(uid)))).add();
        }
        for (int i = 1; i <= 3; i++) {
            String uid = "renewed%d".formatted(i);
            user(uid, "renewed: expired certificate beside its successor")
                    .reject(USER_CERTIFICATE, ca.issue(ca.leaf(mail(uid)).withValidity(now.minusSeconds(400 * DAY), now.minusSeconds(35 * DAY))))
                    .publish(USER_CERTIFICATE, ca.issue(ca.leaf(mail(uid)))).add();
        }
        for (int i = 1; i <= 2; i++) {
            String uid = "lapsed%d".formatted(i);
            user(uid, "only an expired certificate")
                    .reject(USER_CERTIFICATE, ca.issue(ca.leaf(mail(uid)).withValidity(now.minusSeconds(400 * DAY), now.minusSeconds(DAY)))).add();
        }
        user("early1", "certificate valid only from next month beside a current one")
                .reject(USER_CERTIFICATE, ca.issue(ca.leaf(mail("early1")).withValidity(now.plusSeconds(30 * DAY), now.plusSeconds(400 * DAY))))
                .publish(USER_CERTIFICATE, ca.issue(ca.leaf(mail("early1")))).add();
        user("early2", "only a not-yet-valid certificate")
                .reject(USER_CERTIFICATE, ca.issue(ca.leaf(mail("early2")).withValidity(now.plusSeconds(DAY), now.plusSeconds(400 * DAY)))).add();
        user("garbage1", "garbage bytes instead of a certificate")
                .reject(USER_CERTIFICATE, "this is not a certificate".getBytes()).add();
        byte[] valid = ca.issue(ca.leaf(mail("garbage2")));
        user("garbage2", "truncated certificate beside a valid one")
                .reject(USER_CERTIFICATE, java.util.Arrays.copyOf(valid, valid.length / 2))
                .publish(USER_CERTIFICATE, ca.issue(ca.leaf(mail("garbage2")))).add();
        for (int i = 1; i <= 3; i++) {
            String uid = "multi%d".formatted(i);
            byte[] first = ca.issue(ca.leaf(mail(uid)));
            byte[] second = ca.issue(ca.leaf(mail(uid)));
            user(uid, "userCertificate plus an Outlook PKCS#7 bundle of two certificates in userSMIMECertificate")
                    .publish(USER_CERTIFICATE, ca.issue(ca.leaf(mail(uid))))
                    .bundle(List.of(first, second)).add();
        }
        user("nocert", "in scope without any certificate").add();
        user("purpose1", "certificate for TLS servers, not for e-mail")
                .reject(USER_CERTIFICATE, ca.issue(ca.leaf(mail("purpose1")).withoutEmailProtection()))
                .publish(USER_CERTIFICATE, ca.issue(ca.leaf(mail("purpose1")))).add();
        user("ca1", "a CA certificate published by mistake")
                .reject(USER_CERTIFICATE, ca.caCertificate())
                .publish(USER_CERTIFICATE, ca.issue(ca.leaf(mail("ca1")))).add();
        user("mismatch1", "certificate issued to somebody else's address")
                .reject(USER_CERTIFICATE, ca.issue(ca.leaf(mail("someone.else")))).add();
        KeyPair weak = DemoCertificateAuthority.rsa(1024);
        user("weakkey1", "RSA 1024-bit key")
                .reject(USER_CERTIFICATE, ca.issue(ca.leaf(mail("weakkey1")).withKeys(weak)))
                .publish(USER_CERTIFICATE, ca.issue(ca.leaf(mail("weakkey1")))).add();
        user("sha1", "signed with SHA-1")
                .reject(USER_CERTIFICATE, ca.issue(ca.leaf(mail("sha1")).signedWith("SHA1withRSA")))
                .publish(USER_CERTIFICATE, ca.issue(ca.leaf(mail("sha1")))).add();
        user("ec1", "EC P-256 key").publish(USER_CERTIFICATE,
                ca.issue(ca.leaf(mail("ec1")).withKeys(DemoCertificateAuthority.ec("secp256r1")))).add();
        byte[] both = ca.issue(ca.leaf(mail("dup1")));
        user("dup1", "the same certificate in both attributes").publish(USER_CERTIFICATE, both).reject(USER_SMIME, both).add();
        Builder many = user("many1", "17 certificates: only the 15 newest fit in Exchange Online");
        for (int i = 0; i < 17; i++) {
            byte[] certificate = ca.issue(ca.leaf(mail("many1")).withValidity(now.minusSeconds((40 - i) * DAY), now.plusSeconds(300 * DAY)));
            if (i < 2) many.reject(USER_CERTIFICATE, certificate); else many.publish(USER_CERTIFICATE, certificate);
        }
        many.add();
        user("alias1", "certificate for a secondary SMTP address from proxyAddresses")
                .proxy("SMTP:" + mail("alias1"), "smtp:alias.one@" + DOMAIN, "X500:/o=demo/cn=alias1")
                .publish(USER_CERTIFICATE, ca.issue(ca.leaf("alias.one@" + DOMAIN))).add();
    }

    private Builder user(String uid, String story) {
        return new Builder(uid, story);
    }

    private final class Builder {
        private final String uid;
        private final String story;
        private final List<String> proxies = new ArrayList<>();
        private final Map<String, List<byte[]>> values = new LinkedHashMap<>();
        private final Set<String> expectedUserCertificate = new LinkedHashSet<>();
        private final Set<String> expectedSmime = new LinkedHashSet<>();

        Builder(String uid, String story) {
            this.uid = uid;
            this.story = story;
        }

        Builder proxy(String... addresses) {
            proxies.addAll(List.of(addresses));
            return this;
        }

        Builder publish(String attribute, byte[] value) {
            (attribute.startsWith(USER_SMIME) ? expectedSmime : expectedUserCertificate).add(Fingerprints.sha256(value));
            return store(attribute, value);
        }

        Builder reject(String attribute, byte[] value) {
            return store(attribute, value);
        }

        private Builder store(String attribute, byte[] value) {
            values.computeIfAbsent(attribute, a -> new ArrayList<>()).add(value);
            return this;
        }

        Builder bundle(List<byte[]> certificates) {
            certificates.forEach(c -> expectedSmime.add(Fingerprints.sha256(c)));
            return store(USER_SMIME, DemoCertificateAuthority.bundle(certificates));
        }

        void add() {
            users.add(new DemoUser(uid, mail(uid), List.copyOf(proxies), values, expectedUserCertificate, expectedSmime, story));
        }
    }
}
