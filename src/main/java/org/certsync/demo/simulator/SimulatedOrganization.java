package org.certsync.demo.simulator;

import java.time.Instant;
import java.util.Arrays;
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
import com.fasterxml.jackson.databind.node.ArrayNode;
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
    private static final String SET_SMIME_CONFIG = "Set-SmimeConfig";
    private static final String GET_SMIME_CONFIG = "Get-SmimeConfig";
    private static final String ISSUING_CA = "SMIMECertificateIssuingCA";

    /** Recipients by lower-case identity: Exchange identities are case-insensitive. */
    private final ConcurrentMap<String, MailRecipient> recipients = new ConcurrentHashMap<>();
    /** Grows with every change, so a store knows whether there is anything new to keep. */
    private final AtomicLong version = new AtomicLong();
    /** The issuing CAs Set-SmimeConfig stored, or null; in memory only, as the state file keeps recipients alone. */
    private volatile IssuingCaStore issuingCas;

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
        if (SET_SMIME_CONFIG.equalsIgnoreCase(call.cmdlet())) return setSmimeConfig(call);
        if (GET_SMIME_CONFIG.equalsIgnoreCase(call.cmdlet())) return getSmimeConfig(call);
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
        refuseParametersOtherThan(call, "Identity");
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

    /**
     * Set-SmimeConfig with the one parameter CertSync needs, SMIMECertificateIssuingCA: a {@code byte[]} holding a
     * serialized certificate store (SST), read with the simulator's own reader; null clears it. The configuration is the
     * organization's only one, so Identity is taken and not checked. Exchange's other parameters (the OWA* settings)
     * are not modelled and are refused as unknown.
     */
    private CmdletResult setSmimeConfig(CmdletInvocation call) {
        refuseParametersOtherThan(call, "Identity", ISSUING_CA);
        JsonNode value = call.parameters().get(ISSUING_CA);
        IssuingCaStore before = issuingCas;
        IssuingCaStore after = value == null ? before
                : value.isNull() ? null
                : IssuingCaStore.read(CertificateValues.bindSingle(ISSUING_CA, value, call.annotations().get(ISSUING_CA)));
        if (after == before || after != null && before != null && before.sameAs(after.serialized())) {
            return new CmdletResult(List.of(), List.of(
                    "The command completed successfully but no settings of the S/MIME configuration have been modified."));
        }
        issuingCas = after;
        log.info("Simulator Set-SmimeConfig: {} issuing CAs", after == null ? 0 : after.certificates().size());
        return new CmdletResult(List.of(), List.of());
    }

    /**
     * Get-SmimeConfig's object with SMIMECertificateIssuingCA alone (null when none is set), in the shape the module
     * sends a {@code byte[]}: one {@code Exchange.ByteArrayType}. Exchange's object carries the OWA* settings too.
     * The service's $metadata (christophwille/talkingtoexorestapi, docs/metadata.xml, every stored version up to
     * b1d67d5) has no SmimeConfig entity and no SMIMECertificateIssuingCA property, so it does not say how an answer
     * writes this byte[]; the byte arrays it does type (Recipient's UserCertificate, UserSMimeCertificate) are
     * {@code Exchange.ByteArrayType} ({@code Data: Collection(Edm.Byte)}), and no property is {@code Edm.Binary}. This
     * shape follows them: the simulator's model, not evidence.
     */
    private CmdletResult getSmimeConfig(CmdletInvocation call) {
        refuseParametersOtherThan(call, "Identity");
        IssuingCaStore current = issuingCas;
        ObjectNode value = JsonNodeFactory.instance.objectNode();
        if (current == null) {
            value.putNull(ISSUING_CA);
        } else {
            ArrayNode data = value.putObject(ISSUING_CA).put("@odata.type", CertificateProperty.VALUE_TYPE).putArray("Data");
            for (byte b : current.serialized()) data.add(b & 0xff);
        }
        return new CmdletResult(List.of(value), List.of());
    }

    /** The issuing CAs Set-SmimeConfig stored, if any. */
    Optional<IssuingCaStore> issuingCas() {
        return Optional.ofNullable(issuingCas);
    }

    private static void refuseParametersOtherThan(CmdletInvocation call, String... known) {
        call.parameters().keySet().stream()
                .filter(name -> Arrays.stream(known).noneMatch(name::equalsIgnoreCase))
                .findFirst()
                .ifPresent(name -> {
                    throw ExchangeError.unknownParameter(name);
                });
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
