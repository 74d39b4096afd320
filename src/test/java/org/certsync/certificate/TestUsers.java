package org.certsync.certificate;

import java.util.List;

import org.certsync.directory.DirectoryUser;

/** Directory users for policy tests: Alice, with mail, UPN and proxy addresses that differ from each other. */
public final class TestUsers {

    public static final String UPN = "alice.upn@corp.example.org";
    public static final String SECONDARY_SMTP = "alice.secondary@example.org";

    private TestUsers() {
    }

    public static DirectoryUser alice(List<byte[]> userCertificate, List<byte[]> userSmimeCertificate) {
        return new DirectoryUser("id-alice", "CN=Alice,OU=Users,DC=example,DC=org", TestCertificates.ALICE, UPN,
                List.of("SMTP:" + TestCertificates.ALICE, "smtp:" + SECONDARY_SMTP, "x500:/o=Example/cn=alice",
                        "sip:alice.sip@example.org"),
                userCertificate, userSmimeCertificate);
    }

    /** Alice with the values in userCertificate only. */
    public static DirectoryUser alice(byte[]... userCertificate) {
        return alice(List.of(userCertificate), List.of());
    }
}
