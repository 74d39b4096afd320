package org.certsync.certificate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
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
 * <p>
 * Every verdict says what it was judged from ({@link #inputDigest}) and until when time alone cannot change it
 * ({@link Verdict#stableUntil()}), so that a reconcile can pass over users whose values did not change.
 */
public class CertificatePolicy {

    /**
     * Raised whenever a rule's behaviour changes in a release: part of {@link #inputDigest}, so that verdicts stored
     * by an older release are judged again rather than reused.
     */
    static final int RULES_REVISION = 1;

    private final boolean failOpen;
    private final CertificateParser parser;
    /** The rules that need only the certificate, in order; identity is appended per user. */
    private final List<CertificateCheck> checks;
    private final boolean requireAddressMatch;
    private final ChainCheck chain;
    private final RevocationCheck revocation;
    private final ValueCap cap;
    private final Clock clock;
    private final Duration clockSkew;
    /** notBefore and notAfter of the trusted CAs: a chain check may change when one is crossed. */
    private final List<Instant> anchorBoundaries;
    /** Hash of everything besides the user's values that a verdict depends on: rules, settings, trusted CAs. */
    private final byte[] fingerprint;
    /** The CA certificates of the trust store: what the tenant must trust for the certificates this policy passes. */
    private final IssuingCaSet trustedCas;

    public CertificatePolicy(PolicySettings settings, Clock clock) {
        this.clock = clock;
        this.clockSkew = settings.clockSkew();
        this.parser = new CertificateParser(settings.maxValueBytes());
        List<CertificateCheck> rules = new ArrayList<>();
        rules.add(new EndEntityCheck());
        rules.add(new ValidityCheck(clock, settings.clockSkew()));
        if (settings.purposeCheck()) rules.add(new PurposeCheck());
        if (settings.keyStrengthCheck()) rules.add(new KeyStrengthCheck(settings.minRsaBits(), settings.allowedCurves()));
        if (settings.signatureStrengthCheck()) rules.add(new SignatureStrengthCheck(settings.weakSignatureDigests()));
        this.checks = List.copyOf(rules);
        this.requireAddressMatch = settings.requireAddressMatch();
        Set<TrustAnchor> anchors = settings.trustStore() == null ? Set.of()
                : TrustAnchors.load(settings.trustStore(), settings.trustStorePassword(), settings.trustStoreType());
        this.chain = anchors.isEmpty() ? null : new ChainCheck(anchors, clock);
        this.anchorBoundaries = anchors.stream().flatMap(anchor -> java.util.stream.Stream.of(
                anchor.getTrustedCert().getNotBefore().toInstant(), anchor.getTrustedCert().getNotAfter().toInstant()))
                .toList();
        this.fingerprint = fingerprint(settings, anchors);
        this.trustedCas = IssuingCaSet.caCertificatesOf(anchors.stream().map(TrustAnchor::getTrustedCert).toList());
        this.revocation = settings.revocationCheck() ? new RevocationCheck(crlSources(settings, clock), clock) : null;
        this.failOpen = settings.revocationFailOpen();
        this.cap = new ValueCap(settings.maxValuesPerAttribute());
    }

    /**
     * The CA certificates of {@code certsync.policy.trust-store}, as loaded at start-up (the very set the chain check
     * uses); empty without a trust store.
     */
    public IssuingCaSet trustedCas() {
        return trustedCas;
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

    private static byte[] fingerprint(PolicySettings settings, Set<TrustAnchor> anchors) {
        MessageDigest digest = Fingerprints.sha256();
        // toString leaves the trust store password out; the anchors themselves are hashed below
        digest.update(("rules " + RULES_REVISION + "\n" + settings).getBytes(StandardCharsets.UTF_8));
        anchors.stream().map(anchor -> Fingerprints.sha256(encoded(anchor.getTrustedCert()))).sorted()
                .forEach(anchor -> digest.update(anchor.getBytes(StandardCharsets.US_ASCII)));
        return digest.digest();
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("a loaded trust anchor has an encoding", e);
        }
    }

    /**
     * Hash of every input of the user's verdict: the policy (rules, settings, trusted CAs), the addresses the address
     * rule compares with and the raw certificate values in directory order. Equal digests mean equal verdicts, up to
     * what time alone changes ({@link Verdict#stableUntil()}).
     */
    public String inputDigest(DirectoryUser user) {
        MessageDigest digest = Fingerprints.sha256();
        digest.update(fingerprint);
        field(digest, user.mail());
        field(digest, user.userPrincipalName());
        digest.update(count(user.proxyAddresses().size()));
        user.proxyAddresses().forEach(address -> field(digest, address));
        for (List<byte[]> values : List.of(user.userCertificate(), user.userSmimeCertificate())) {
            digest.update(count(values.size()));
            for (byte[] value : values) {
                digest.update(count(value.length));
                digest.update(value);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Length-prefixed, so that no two different inputs hash the same bytes; null differs from empty. */
    private static void field(MessageDigest digest, String value) {
        if (value == null) {
            digest.update(count(-1));
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(count(bytes.length));
        digest.update(bytes);
    }

    private static byte[] count(int value) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(value).array();
    }

    public Verdict evaluate(DirectoryUser user) {
        Instant now = clock.instant();
        List<ParsedValue> userCertificate = parse(user.userCertificate());
        List<ParsedValue> userSmimeCertificate = parse(user.userSmimeCertificate());
        List<CertificateCheck> userChecks = new ArrayList<>(checks);
        if (requireAddressMatch) userChecks.add(AddressMatch.of(user));
        Evaluation evaluation = new Evaluation(userChecks, chain == null ? List.of()
                : caCertificates(userCertificate, userSmimeCertificate), now);
        // userCertificate first: of two equal certificates the one there is published
        evaluation.judge(CertificateAttribute.USER_CERTIFICATE, userCertificate);
        evaluation.judge(CertificateAttribute.USER_SMIME_CERTIFICATE, userSmimeCertificate);
        if (chain != null) anchorBoundaries.forEach(evaluation::boundary);
        return new Verdict(user, evaluation.accepted, evaluation.rejections, evaluation.indeterminate, evaluation.notes,
                inputDigest(user), evaluation.stableUntil);
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
        return new Verdict(together, accepted, rejections, verdicts.stream().anyMatch(Verdict::indeterminate), notes,
                null, null);
    }

    /**
     * The certificates one raw value decodes to, in the order {@link #evaluate} judges them: what a caller needs to
     * tie the verdict's per-certificate outcomes back to the values that carry them.
     */
    public List<ValueCertificate> certificatesIn(byte[] value) {
        return parser.parse(value).stream().map(parsed -> parsed instanceof ParsedCertificate certificate
                ? new ValueCertificate(certificate.fingerprint(), certificate.notAfter(), certificate.ca(), false)
                : new ValueCertificate(parsed.fingerprint(), null, false, true)).toList();
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
        private final Instant now;
        private boolean indeterminate;
        private Instant stableUntil;

        Evaluation(List<CertificateCheck> userChecks, List<X509Certificate> intermediates, Instant now) {
            this.userChecks = userChecks;
            this.intermediates = intermediates;
            this.now = now;
        }

        /** A moment at which the verdict may change by time alone; the earliest one still ahead counts. */
        void boundary(Instant instant) {
            if (instant != null && instant.isAfter(now) && (stableUntil == null || instant.isBefore(stableUntil))) {
                stableUntil = instant;
            }
        }

        void judge(CertificateAttribute attribute, List<ParsedValue> values) {
            List<ParsedCertificate> passed = new ArrayList<>();
            for (ParsedValue value : values) {
                if (value instanceof ParsedValue.Unparseable unparseable) {
                    reject(attribute, value, new Finding(RejectionReason.UNPARSEABLE, unparseable.detail()));
                    continue;
                }
                ParsedCertificate certificate = (ParsedCertificate) value;
                // the validity rule flips at notBefore - skew and notAfter + skew; a CA certificate among the values
                // (a path candidate) at its own notBefore and notAfter
                boundary(certificate.notBefore().minus(clockSkew));
                boundary(certificate.notBefore());
                boundary(certificate.notAfter());
                boundary(certificate.notAfter().plus(clockSkew));
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
            if (revocation == null) return Optional.empty();
            // PolicySettings makes a revocation check come with a trust store: a CRL is only as good as its signature
            RevocationCheck.Answer answer = revocation.check(certificate.x509(), ((ChainCheck.Outcome.Trusted) outcome).issuer());
            if (answer.until() != null && !answer.until().isAfter(now)) {
                // a CRL source that failed may answer differently at any moment: never reused
                stableUntil = now;
            } else {
                boundary(answer.until());
            }
            return answer.finding();
        }
    }
}
