package org.certsync.demo.simulator;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated Exchange organization: its recipients and what the supported cmdlets do to them, with
 * Exchange's rules (one Set-* cmdlet per recipient type, no writes to directory-synchronized recipients,
 * a maximum number of values per property, parameters bound as the service's $metadata types them).
 */
final class SimulatedOrganization {

    private static final Logger log = LoggerFactory.getLogger(SimulatedOrganization.class);
    private static final String GET_RECIPIENT = "Get-Recipient";

    /** Recipients by lower-case identity: Exchange identities are case-insensitive. */
    private final ConcurrentMap<String, MailRecipient> recipients = new ConcurrentHashMap<>();
    /** Grows with every change, so a store knows whether there is anything new to keep. */
    private final AtomicLong version = new AtomicLong();

    /**
     * What a cmdlet returned.
     *
     * @param values   the objects it wrote to the pipeline
     * @param warnings the warnings it wrote
     */
    record CmdletResult(List<JsonNode> values, List<String> warnings) {
    }

    /** Creates the recipient, replacing any with the same identity. */
    SimulatedRecipient register(String identity, MailRecipientType type, boolean dirSynced, Instant now) {
        MailRecipient recipient = new MailRecipient(identity, type, dirSynced, now);
        recipients.put(key(identity), recipient);
        version.incrementAndGet();
        return recipient.snapshot();
    }

    long version() {
        return version.get();
    }

    List<MailRecipient.Stored> export() {
        return recipients.values().stream().map(MailRecipient::stored).toList();
    }

    void restore(List<MailRecipient.Stored> stored) {
        stored.forEach(s -> recipients.put(key(s.identity()), MailRecipient.restore(s)));
    }

    Optional<SimulatedRecipient> find(String identity) {
        return Optional.ofNullable(recipients.get(key(identity))).map(MailRecipient::snapshot);
    }

    /** All recipients, sorted by identity. */
    List<SimulatedRecipient> all() {
        return recipients.values().stream()
                .map(MailRecipient::snapshot)
                .sorted(Comparator.comparing(SimulatedRecipient::identity, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }

    /** Runs a cmdlet; throws the ExchangeError Exchange would answer with. */
    CmdletResult run(CmdletInvocation call, SimulatorSettings settings, Instant now) {
        if (call.cmdlet() == null) throw ExchangeError.notACmdletInput();
        if (GET_RECIPIENT.equalsIgnoreCase(call.cmdlet())) return getRecipient(call);
        MailRecipientType target = MailRecipientType.changedBy(call.cmdlet())
                .orElseThrow(() -> ExchangeError.unknownCmdlet(call.cmdlet()));
        return setCertificates(call, target, settings, now);
    }

    private CmdletResult setCertificates(CmdletInvocation call, MailRecipientType target, SimulatorSettings settings, Instant now) {
        // parameters bind before the cmdlet looks up the object, as in PowerShell
        Map<CertificateProperty, List<byte[]>> replacements = new EnumMap<>(CertificateProperty.class);
        call.parameters().forEach((name, value) -> {
            if (name.equalsIgnoreCase("Identity")) return;
            CertificateProperty property = CertificateProperty.named(name)
                    .orElseThrow(() -> ExchangeError.unknownParameter(name));
            replacements.put(property, CertificateValues.bind(property, value, call.annotations().get(name)));
        });
        String identity = requireIdentity(call);
        MailRecipient recipient = settings.autoCreateRecipients()
                ? recipients.computeIfAbsent(key(identity), k -> {
                    log.info("Simulator created {} {} on its first {}", target.detailsName(), identity, target.setCmdlet());
                    version.incrementAndGet();
                    return new MailRecipient(identity, target, false, now);
                })
                : recipients.get(key(identity));
        if (recipient == null) throw ExchangeError.recipientNotFound(identity);
        if (recipient.type() != target) throw ExchangeError.wrongRecipientType(identity, recipient.type(), target.setCmdlet());
        if (recipient.dirSynced() && !replacements.isEmpty()) {
            throw ExchangeError.outOfWriteScope(identity, target.setCmdlet(), replacements.keySet().iterator().next().parameterName());
        }
        boolean changed = recipient.replace(replacements, settings.maxValues(), now);
        if (changed) version.incrementAndGet();
        if (!changed) {
            return new CmdletResult(List.of(),
                    List.of("The command completed successfully but no settings of '" + identity + "' have been modified."));
        }
        SimulatedRecipient state = recipient.snapshot();
        log.debug("Simulator {} {}: UserCertificate={} UserSMimeCertificate={}", target.setCmdlet(), identity,
                state.userCertificate(), state.userSmimeCertificate());
        return new CmdletResult(List.of(), List.of());
    }

    private CmdletResult getRecipient(CmdletInvocation call) {
        call.parameters().keySet().stream().filter(name -> !name.equalsIgnoreCase("Identity")).findFirst()
                .ifPresent(name -> {
                    throw ExchangeError.unknownParameter(name);
                });
        String identity = requireIdentity(call);
        SimulatedRecipient recipient = find(identity).orElseThrow(() -> ExchangeError.recipientNotFound(identity));
        ObjectNode value = JsonNodeFactory.instance.objectNode()
                .put("Identity", recipient.identity())
                .put("Name", recipient.identity().replaceFirst("@.*", ""))
                .put("PrimarySmtpAddress", recipient.identity())
                .put("RecipientType", recipient.type().detailsName())
                .put("RecipientTypeDetails", recipient.type().detailsName())
                .put("IsDirSynced", recipient.dirSynced())
                .put("WhenChanged", recipient.lastModified().toString());
        return new CmdletResult(List.of(value), List.of());
    }

    private static String requireIdentity(CmdletInvocation call) {
        String identity = call.identity();
        if (identity == null) throw ExchangeError.missingIdentity();
        return identity;
    }

    private static String key(String identity) {
        return identity.toLowerCase(Locale.ROOT);
    }
}
