package org.certsync.certificate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.certsync.directory.DirectoryUser;

/**
 * The certificate must name the user: one of its e-mail addresses (rfc822Name alternative names, emailAddress in
 * the subject) equals, ignoring case, the user's mail, an smtp: proxy address or the UPN.
 */
final class AddressMatch implements CertificateCheck {

    private static final String SMTP_PREFIX = "smtp:";

    private final Set<String> userAddresses;
    private final String userName;

    private AddressMatch(Set<String> userAddresses, String userName) {
        this.userAddresses = userAddresses;
        this.userName = userName;
    }

    static AddressMatch of(DirectoryUser user) {
        Set<String> addresses = new HashSet<>();
        addIfPresent(addresses, user.mail());
        addIfPresent(addresses, user.userPrincipalName());
        for (String proxyAddress : user.proxyAddresses()) {
            // "SMTP:" marks the primary, "smtp:" a secondary address; x500:, sip: etc. are no mail addresses
            if (proxyAddress.regionMatches(true, 0, SMTP_PREFIX, 0, SMTP_PREFIX.length())) {
                addIfPresent(addresses, proxyAddress.substring(SMTP_PREFIX.length()));
            }
        }
        return new AddressMatch(Set.copyOf(addresses), user.displayName());
    }

    private static void addIfPresent(Set<String> addresses, String address) {
        if (address != null && !address.isBlank()) addresses.add(normalize(address));
    }

    private static String normalize(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public Optional<Finding> check(ParsedCertificate certificate) {
        List<String> certificateAddresses = addressesOf(certificate);
        for (String address : certificateAddresses) {
            if (userAddresses.contains(normalize(address))) return Optional.empty();
        }
        String found = certificateAddresses.isEmpty() ? "none" : String.join(", ", certificateAddresses);
        return Optional.of(new Finding(RejectionReason.ADDRESS_MISMATCH,
                "no rfc822Name matches " + userName + " (certificate has " + found + ")"));
    }

    private static List<String> addressesOf(ParsedCertificate certificate) {
        List<String> addresses = new ArrayList<>();
        GeneralNames alternativeNames = GeneralNames.fromExtensions(
                certificate.holder().getExtensions(), Extension.subjectAlternativeName);
        if (alternativeNames != null) {
            for (GeneralName name : alternativeNames.getNames()) {
                if (name.getTagNo() == GeneralName.rfc822Name && name.getName() instanceof ASN1String string) {
                    addresses.add(string.getString());
                }
            }
        }
        for (RDN rdn : certificate.holder().getSubject().getRDNs(BCStyle.EmailAddress)) {
            for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                if (BCStyle.EmailAddress.equals(value.getType()) && value.getValue() instanceof ASN1String string) {
                    addresses.add(string.getString());
                }
            }
        }
        return addresses;
    }
}
