package org.certsync.certificate;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.certsync.directory.DirectoryUser;

/**
 * Decides which of a user's certificate values are published. Plain Java and thread-safe; the route calls it as
 * a bean.
 * <p>
 * Every certificate found in the values ends up exactly once in the verdict, accepted or with one reason, checked
 * in this order: unparseable, duplicate, not-end-entity, expired / not-yet-valid, wrong-purpose, weak-key,
 * weak-signature, address-mismatch, untrusted, revoked / revocation-unknown; then over-limit per attribute.
 * CA certificates inside a PKCS#7 bundle (the chain Outlook adds) serve as path candidates for the chain check
 * and are reported as not-end-entity like any other CA certificate, so that nothing a user published goes unseen.
 */
public class CertificatePolicy {

    private final boolean failOpen;
    private final CertificateParser parser;
    /** The rules that need only the certificate, in order; identity is appended per user. */
    private final List<CertificateCheck> checks;
    private final boolean requireAddressMatch;
    private final ChainCheck chain;
    private final RevocationCheck revocation;
    private final ValueCap cap;

    public CertificatePolicy(PolicySettings settings, Clock clock) {
        this.parser = new CertificateParser(settings.maxValueBytes());
        List<CertificateCheck> rules = new ArrayList<>();
        rules.add(new EndEntityCheck());
        rules.add(new ValidityCheck(clock, settings.clockSkew()));
        if (settings.purposeCheck()) rules.add(new PurposeCheck());
        if (settings.keyStrengthCheck()) rules.add(new KeyStrengthCheck(settings.minRsaBits(), settings.allowedCurves()));
        if (settings.signatureStrengthCheck()) rules.add(new SignatureStrengthCheck(settings.weakSignatureDigests()));
        this.checks = List.copyOf(rules);
        this.requireAddressMatch = settings.requireAddressMatch();
        this.chain = settings.trustStore() == null ? null : new ChainCheck(
                TrustAnchors.load(settings.trustStore(), settings.trustStorePassword(), settings.trustStoreType()),
                clock);
        this.revocation = settings.revocationCheck() ? new RevocationCheck(crlSources(settings, clock), clock) : null;
        this.failOpen = settings.revocationFailOpen();
        this.cap = new ValueCap(settings.maxValuesPerAttribute());
    }

    /** A local directory is preferred: it is how hosts without access to the distribution points get CRLs. */
    private static List<CrlSource> crlSources(PolicySettings settings, Clock clock) {
        List<CrlSource> sources = new ArrayList<>();
        if (settings.crlDirectory() != null) {
            sources.add(new DirectoryCrlSource(settings.crlDirectory(), settings.crlMaxCacheAge(), clock));
        }
        sources.add(new HttpCrlSource(settings.crlFetchTimeout(), settings.crlMaxCacheAge(), settings.crlRetryDelay(),
                clock));
        return sources;
    }

    public Verdict evaluate(DirectoryUser user) {
        List<ParsedValue> userCertificate = parse(user.userCertificate());
        List<ParsedValue> userSmimeCertificate = parse(user.userSmimeCertificate());
        List<CertificateCheck> userChecks = new ArrayList<>(checks);
        if (requireAddressMatch) userChecks.add(AddressMatch.of(user));
        Evaluation evaluation = new Evaluation(userChecks, chain == null ? List.of()
                : caCertificates(userCertificate, userSmimeCertificate));
        // userCertificate first: of two equal certificates the one there is published
        evaluation.judge(CertificateAttribute.USER_CERTIFICATE, userCertificate);
        evaluation.judge(CertificateAttribute.USER_SMIME_CERTIFICATE, userSmimeCertificate);
        return new Verdict(user, evaluation.accepted, evaluation.rejections, evaluation.indeterminate, evaluation.notes);
    }

    /**
     * One verdict for the directory entries that carry the same recipient address: each entry judged as above, then
     * their accepted certificates together, each once (userCertificate first, as within one entry) and capped as for
     * one entry; undecided when any entry is. Entries are taken in the order of their ids, so the answer does not
     * depend on the order the directory returned them in.
     */
    public Verdict evaluateTogether(List<DirectoryUser> entries) {
        List<Verdict> verdicts = entries.stream().sorted(java.util.Comparator.comparing(DirectoryUser::id))
                .map(this::evaluate).toList();
        if (verdicts.size() == 1) return verdicts.get(0);
        DirectoryUser first = verdicts.get(0).user();
        DirectoryUser together = new DirectoryUser(first.id(), verdicts.size() + " entries: " + String.join("; ",
                verdicts.stream().map(v -> v.user().dn()).toList()), first.mail(), null, List.of(), List.of(), List.of());
        List<Rejection> rejections = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        verdicts.forEach(v -> {
            rejections.addAll(v.rejections());
            notes.addAll(v.notes());
        });
        Set<String> seen = new HashSet<>();
        List<AcceptedCertificate> accepted = new ArrayList<>();
        for (CertificateAttribute attribute : List.of(CertificateAttribute.USER_CERTIFICATE, CertificateAttribute.USER_SMIME_CERTIFICATE)) {
            List<AcceptedCertificate> values = new ArrayList<>();
            for (Verdict verdict : verdicts) {
                for (AcceptedCertificate certificate : verdict.accepted(attribute)) {
                    if (seen.add(certificate.fingerprint())) values.add(certificate);
                    else rejections.add(new Rejection(attribute, certificate.fingerprint(), RejectionReason.DUPLICATE,
                            "same certificate as a value of another entry with this address"));
                }
            }
            ValueCap.Split<AcceptedCertificate> split = cap.split(values, AcceptedCertificate::notBefore);
            accepted.addAll(split.kept());
            split.cut().forEach(certificate -> rejections.add(new Rejection(attribute, certificate.fingerprint(),
                    RejectionReason.OVER_LIMIT, cap.detail(certificate.notBefore()))));
        }
        return new Verdict(together, accepted, rejections, verdicts.stream().anyMatch(Verdict::indeterminate), notes);
    }

    private List<ParsedValue> parse(List<byte[]> values) {
        List<ParsedValue> parsed = new ArrayList<>();
        for (byte[] value : values) parsed.addAll(parser.parse(value));
        return parsed;
    }

    @SafeVarargs
    private static List<X509Certificate> caCertificates(List<ParsedValue>... attributes) {
        List<X509Certificate> candidates = new ArrayList<>();
        for (List<ParsedValue> values : attributes) {
            for (ParsedValue value : values) {
                if (value instanceof ParsedCertificate certificate && certificate.ca()) candidates.add(certificate.x509());
            }
        }
        return candidates;
    }

    /** The outcomes for one user, collected attribute by attribute. */
    private final class Evaluation {
        private final List<CertificateCheck> userChecks;
        private final List<X509Certificate> intermediates;
        private final Set<String> seen = new HashSet<>();
        private final List<AcceptedCertificate> accepted = new ArrayList<>();
        private final List<Rejection> rejections = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private boolean indeterminate;

        Evaluation(List<CertificateCheck> userChecks, List<X509Certificate> intermediates) {
            this.userChecks = userChecks;
            this.intermediates = intermediates;
        }

        void judge(CertificateAttribute attribute, List<ParsedValue> values) {
            List<ParsedCertificate> passed = new ArrayList<>();
            for (ParsedValue value : values) {
                if (value instanceof ParsedValue.Unparseable unparseable) {
                    reject(attribute, value, new Finding(RejectionReason.UNPARSEABLE, unparseable.detail()));
                    continue;
                }
                ParsedCertificate certificate = (ParsedCertificate) value;
                Optional<Finding> finding = findingFor(certificate);
                if (finding.isEmpty()) {
                    passed.add(certificate);
                } else if (finding.get().reason() == RejectionReason.REVOCATION_UNKNOWN && failOpen) {
                    passed.add(certificate);
                    notes.add("revocation status unknown, published anyway (revocation-fail-open): "
                            + attribute.ldapName() + " " + certificate.fingerprint() + ": " + finding.get().detail());
                } else {
                    // fail closed: the caller must leave what is published as it is
                    indeterminate |= finding.get().reason() == RejectionReason.REVOCATION_UNKNOWN;
                    reject(attribute, certificate, finding.get());
                }
            }
            ValueCap.Split<ParsedCertificate> split = cap.split(passed, ParsedCertificate::notBefore);
            for (ParsedCertificate certificate : split.kept()) {
                accepted.add(new AcceptedCertificate(attribute, certificate.fingerprint(), certificate.der(),
                        certificate.x509().getSubjectX500Principal().getName(),
                        certificate.notBefore(), certificate.notAfter()));
            }
            for (ParsedCertificate certificate : split.cut()) {
                reject(attribute, certificate, new Finding(RejectionReason.OVER_LIMIT, cap.detail(certificate.notBefore())));
            }
        }

        private void reject(CertificateAttribute attribute, ParsedValue value, Finding finding) {
            rejections.add(new Rejection(attribute, value.fingerprint(), finding.reason(), finding.detail()));
        }

        private Optional<Finding> findingFor(ParsedCertificate certificate) {
            if (!seen.add(certificate.fingerprint())) {
                return Optional.of(new Finding(RejectionReason.DUPLICATE, "same certificate as an earlier value"));
            }
            try {
                for (CertificateCheck check : userChecks) {
                    Optional<Finding> finding = check.check(certificate);
                    if (finding.isPresent()) return finding;
                }
            } catch (IllegalArgumentException | IllegalStateException e) {
                // BouncyCastle decodes extensions on access and signals a malformed one this way
                return Optional.of(new Finding(RejectionReason.UNPARSEABLE, "malformed extension: " + e.getMessage()));
            }
            if (chain == null) return Optional.empty();
            ChainCheck.Outcome outcome = chain.verify(certificate, intermediates);
            if (outcome instanceof ChainCheck.Outcome.Untrusted untrusted) {
                return Optional.of(new Finding(RejectionReason.UNTRUSTED, untrusted.detail()));
            }
            // PolicySettings makes a revocation check come with a trust store: a CRL is only as good as its signature
            return revocation == null ? Optional.empty()
                    : revocation.check(certificate.x509(), ((ChainCheck.Outcome.Trusted) outcome).issuer());
        }
    }
}
