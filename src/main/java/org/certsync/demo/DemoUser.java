package org.certsync.demo;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One seeded demo user and what a correct sync publishes for it.
 *
 * @param values                  raw values per LDAP attribute name (e.g. "userCertificate;binary")
 * @param expectedUserCertificate SHA-256 fingerprints a correct sync publishes in userCertificate
 * @param expectedSmime           SHA-256 fingerprints a correct sync publishes in userSMIMECertificate
 * @param story                   what the user demonstrates, shown in logs and docs
 */
public record DemoUser(String uid, String mail, List<String> proxyAddresses, Map<String, List<byte[]>> values,
                       Set<String> expectedUserCertificate, Set<String> expectedSmime, String story) {
}
