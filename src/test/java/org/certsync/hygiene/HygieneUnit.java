package org.certsync.hygiene;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import org.certsync.demo.DemoCertificateAuthority;
import org.certsync.testsupport.TestActiveDirectory;

/**
 * An OU of its own on the Samba AD domain controller for a hygiene test, its users and their certificates (issued at
 * test time by a CA of its own, valid around now); removed with everything in it when closed.
 */
final class HygieneUnit implements AutoCloseable {

    private static final String DOMAIN = "certsync.test";

    private final TestActiveDirectory directory;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final DemoCertificateAuthority ca = new DemoCertificateAuthority("CertSync Hygiene Test CA");
    private final String unit;

    /** Adds the unit {@code OU=<prefix>-<random>} and names it in the system property, for the test's base DN. */
    HygieneUnit(String prefix, String property) throws LDAPException {
        directory = TestActiveDirectory.connect();
        unit = directory.addUnit(prefix + "-" + run);
        System.setProperty(property, unit);
    }

    LDAPConnection ad() {
        return directory.connection();
    }

    String dn(String name) {
        return "CN=" + name + "," + unit;
    }

    String mail(String name) {
        return name + "-" + run + "@" + DOMAIN;
    }

    /** The account's UPN: the same form as its mail address. */
    String upn(String name) {
        return mail(name);
    }

    /** A good certificate of the user, valid from {@code fromDaysAgo} for a year. */
    byte[] good(String name, int fromDaysAgo) {
        return ca.issue(ca.leaf(mail(name)).withValidity(daysAgo(fromDaysAgo), daysAgo(fromDaysAgo - 365)));
    }

    /** A certificate of the user that expired {@code daysAgo} days ago, after a year. */
    byte[] expired(String name, int daysAgo) {
        return ca.issue(ca.leaf(mail(name)).withValidity(daysAgo(daysAgo + 365), daysAgo(daysAgo)));
    }

    private static Instant daysAgo(int days) {
        return Instant.now().minus(Duration.ofDays(days));
    }

    void addUser(String name, List<byte[]> userCertificate, List<byte[]> smime) throws LDAPException {
        List<Attribute> attributes = new ArrayList<>(userAttributes(name));
        attributes.add(new Attribute("mail", mail(name)));
        attributes.add(new Attribute("userCertificate", userCertificate.toArray(byte[][]::new)));
        if (!smime.isEmpty()) attributes.add(new Attribute("userSMIMECertificate", smime.toArray(byte[][]::new)));
        ad().add(dn(name), attributes);
    }

    /** An enabled account with a password and no mail (out of the hygiene scope): a bind account. */
    void addAccount(String name, String password) throws LDAPException {
        List<Attribute> attributes = new ArrayList<>(userAttributes(name));
        attributes.add(new Attribute("unicodePwd", ("\"" + password + "\"").getBytes(StandardCharsets.UTF_16LE)));
        attributes.add(new Attribute("userAccountControl", "512"));
        ad().add(dn(name), attributes);
    }

    private List<Attribute> userAttributes(String name) {
        String account = name + "-" + run;
        return List.of(new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                new Attribute("sAMAccountName", account.length() > 20 ? account.substring(0, 20) : account),
                new Attribute("userPrincipalName", upn(name)));
    }

    void add(String name, String attribute, byte[] value) throws LDAPException {
        ad().modify(dn(name), new Modification(ModificationType.ADD, attribute, value));
    }

    List<byte[]> values(String name, String attribute) throws LDAPException {
        byte[][] values = ad().getEntry(dn(name), attribute).getAttributeValueByteArrays(attribute);
        return values == null ? List.of() : List.of(values);
    }

    @Override
    public void close() throws LDAPException {
        try {
            directory.removeUnit(unit);
        } finally {
            directory.close();
        }
    }
}
