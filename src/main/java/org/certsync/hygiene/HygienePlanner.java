package org.certsync.hygiene;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.certsync.FailureMessages;
import org.certsync.certificate.AcceptedCertificate;
import org.certsync.certificate.CertificateAttribute;
import org.certsync.certificate.CertificatePolicy;
import org.certsync.certificate.Fingerprints;
import org.certsync.certificate.Rejection;
import org.certsync.certificate.RejectionReason;
import org.certsync.certificate.ValueCertificate;
import org.certsync.certificate.Verdict;
import org.certsync.directory.DirectoryEntry;
import org.certsync.directory.DirectoryUser;
import org.certsync.state.Publication;

/**
 * Decides per raw value what directory hygiene removes from a user. The policy judges certificates; a value may hold
 * several (a PKCS#7 bundle), so a value is removed only when every certificate that decides its worth is rejected for
 * a configured reason: an expired one only {@code expiredGrace} after its notAfter. In a bundle the end-entity
 * certificates decide; the CA certificates beside them (the chain Outlook adds) are worth nothing on their own. A
 * bundle holding good and bad certificates is never rewritten: it is kept and reported. A user whose verdict is
 * undecided (a CRL could not be fetched and the policy fails closed), or whose evaluation failed, is left alone; so
 * is an account AdminSDHolder protects, whose rights to write it would not hold. Values an operator restored are not
 * removed again.
 */
public class HygienePlanner {

    /** Outcome of a certificate the verdict accepted (not a rejection reason). */
    private static final String ACCEPTED = "accepted";

    private final CertificatePolicy policy;
    private final Set<String> reasons;
    private final Duration expiredGrace;
    private final Clock clock;

    public HygienePlanner(CertificatePolicy policy, List<String> reasons, Duration expiredGrace, Clock clock) {
        this.policy = policy;
        this.reasons = reasons.stream().map(String::strip).collect(Collectors.toUnmodifiableSet());
        this.expiredGrace = expiredGrace;
        this.clock = clock;
    }

    /** The page's users judged and planned; only those worth reporting are answered, and they go on the run. */
    public List<HygienePlan> plan(List<DirectoryEntry> page, HygieneRun run) {
        List<HygienePlan> plans = new ArrayList<>();
        for (DirectoryEntry entry : page) {
            DirectoryUser user = entry.user();
            HygienePlan plan;
            try {
                plan = plan(entry, policy.evaluate(user), run.restored(user.id()));
            } catch (RuntimeException e) {
                plan = HygienePlan.skipped(user.id(), user.dn(), Publication.recipient(user.mail()), "policy-failed: the certificate policy could not judge"
                        + " the user (" + FailureMessages.describe(e) + "); nothing is removed");
            }
            if (plan.worthReporting()) plans.add(plan);
        }
        run.read(page.size(), plans);
        return plans;
    }

    /**
     * @param restored fingerprints of values an operator restored to this user: never removed again
     */
    public HygienePlan plan(DirectoryEntry entry, Verdict verdict, Set<String> restored) {
        DirectoryUser user = entry.user();
        if (verdict.indeterminate()) {
            return HygienePlan.skipped(user.id(), user.dn(), Publication.recipient(user.mail()), "policy-undecided: " + undecided(verdict)
                    + "; the policy fails closed, so nothing is removed");
        }
        Map<String, String> outcomes = outcomes(verdict);
        Set<String> seen = new HashSet<>();
        List<HygienePlan.Removal> removals = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        // in the policy's order: userCertificate first, so the same certificate later is the duplicate
        walk(CertificateAttribute.USER_CERTIFICATE, entry.userCertificateName(), user.userCertificate(), outcomes, seen,
                restored, removals, notes);
        walk(CertificateAttribute.USER_SMIME_CERTIFICATE, entry.userSmimeCertificateName(), user.userSmimeCertificate(),
                outcomes, seen, restored, removals, notes);
        String skipped = entry.adminSdHolderProtected() && !removals.isEmpty()
                ? "adminsdholder-protected: adminCount=1, AdminSDHolder resets the account's permissions, so the"
                + " hygiene account's delegated rights do not hold there; remove the listed values by hand" : null;
        return new HygienePlan(user.id(), user.dn(), Publication.recipient(user.mail()), removals, notes, skipped);
    }

    private void walk(CertificateAttribute attribute, String nameAsRead, List<byte[]> values, Map<String, String> outcomes,
                      Set<String> seen, Set<String> restored, List<HygienePlan.Removal> removals, List<String> notes) {
        Instant now = clock.instant();
        for (byte[] value : values) {
            List<ValueCertificate> certificates = policy.certificatesIn(value);
            boolean bundle = certificates.size() > 1;
            boolean endEntities = certificates.stream().anyMatch(c -> !c.ca() && !c.unparseable());
            Set<String> removable = new LinkedHashSet<>();
            Set<String> worthKeeping = new LinkedHashSet<>();
            for (ValueCertificate certificate : certificates) {
                String outcome = certificate.unparseable() ? RejectionReason.UNPARSEABLE.code()
                        : !seen.add(certificate.fingerprint()) ? RejectionReason.DUPLICATE.code()
                        : outcomes.getOrDefault(key(attribute, certificate.fingerprint()), ACCEPTED);
                // in a bundle with end-entity certificates, its CA certificates decide nothing
                if (bundle && endEntities && certificate.ca()) continue;
                if (removable(outcome, certificate, now)) removable.add(outcome);
                else worthKeeping.add(outcome);
            }
            String fingerprint = Fingerprints.sha256(value);
            if (removable.isEmpty()) continue;
            if (!worthKeeping.isEmpty()) {
                notes.add(attribute.ldapName() + " " + fingerprint + " kept: the PKCS#7 value holds certificates rejected"
                        + " as " + String.join(",", removable) + " beside others (" + String.join(",", worthKeeping)
                        + "); a value is never rewritten, only removed whole");
            } else if (restored.contains(fingerprint)) {
                notes.add(attribute.ldapName() + " " + fingerprint + " kept: an operator restored it");
            } else {
                removals.add(new HygienePlan.Removal(nameAsRead, value, fingerprint, String.join(",", removable)));
            }
        }
    }

    private boolean removable(String outcome, ValueCertificate certificate, Instant now) {
        if (!reasons.contains(outcome)) return false;
        return !RejectionReason.EXPIRED.code().equals(outcome) || certificate.notAfter().plus(expiredGrace).isBefore(now);
    }

    /** The verdict's outcome per certificate and attribute, duplicates aside (the walk finds those itself). */
    private static Map<String, String> outcomes(Verdict verdict) {
        Map<String, String> outcomes = new HashMap<>();
        for (AcceptedCertificate accepted : verdict.accepted()) {
            outcomes.put(key(accepted.attribute(), accepted.fingerprint()), ACCEPTED);
        }
        for (Rejection rejection : verdict.rejections()) {
            if (rejection.reason() != RejectionReason.DUPLICATE) {
                outcomes.putIfAbsent(key(rejection.attribute(), rejection.fingerprint()), rejection.reason().code());
            }
        }
        return outcomes;
    }

    private static String key(CertificateAttribute attribute, String fingerprint) {
        return attribute.name() + " " + fingerprint;
    }

    private static String undecided(Verdict verdict) {
        return verdict.rejections().stream().filter(r -> r.reason() == RejectionReason.REVOCATION_UNKNOWN)
                .map(r -> r.fingerprint() + " " + r.detail()).collect(Collectors.joining("; ", "revocation unknown for ", ""));
    }
}
