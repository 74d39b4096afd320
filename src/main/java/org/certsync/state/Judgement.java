package org.certsync.state;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.certsync.certificate.Verdict;

/**
 * What a recipient's last verdict was judged from and came to, as {@link JudgedRecipients} keeps it: enough to count
 * the user in a run's report without judging it again.
 *
 * @param recipient      the recipient (lower-case primary SMTP address)
 * @param userId         the directory entry judged
 * @param inputDigest    {@link org.certsync.certificate.CertificatePolicy#inputDigest} of that entry
 * @param certificateSet the set the verdict accepted ({@link Publication#certificateSet()})
 * @param accepted       how many certificates it accepted
 * @param rejected       how many values it rejected, by reason code
 * @param stableUntil    when time alone may change it; null for never
 */
public record Judgement(String recipient, String userId, String inputDigest, String certificateSet, int accepted,
                        Map<String, Integer> rejected, Instant stableUntil) {

    public Judgement {
        rejected = Map.copyOf(rejected);
    }

    /** The judgement to keep for a verdict; null when it must be judged again next time (see {@link Verdict#reusable()}). */
    public static Judgement of(Verdict verdict) {
        String recipient = Publication.recipient(verdict.user().mail());
        if (recipient == null || !verdict.reusable()) return null;
        return new Judgement(recipient, verdict.user().id(), verdict.inputDigest(), Publication.of(verdict).certificateSet(),
                verdict.accepted().size(), verdict.rejectedByReason(), verdict.stableUntil());
    }

    /** Whether this is still the verdict of that entry with that digest at {@code now}. */
    public boolean answers(String userId, String inputDigest, Instant now) {
        return this.userId.equals(userId) && this.inputDigest.equals(inputDigest)
                && (stableUntil == null || now.isBefore(stableUntil));
    }

    /** The rejections as stored: "reason=count" pairs by reason, comma-separated. */
    String rejectedColumn() {
        return new TreeMap<>(rejected).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    static Map<String, Integer> rejectedFrom(String column) {
        Map<String, Integer> rejected = new TreeMap<>();
        if (column == null || column.isEmpty()) return rejected;
        for (String pair : column.split(",")) {
            int separator = pair.lastIndexOf('=');
            rejected.put(pair.substring(0, separator), Integer.parseInt(pair.substring(separator + 1)));
        }
        return rejected;
    }
}
