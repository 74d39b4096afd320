package org.certsync.exchangeonline;

import java.util.Base64;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.certsync.FailureMessages;
import org.certsync.certificate.IssuingCaSet;
import org.certsync.certificate.SerializedCertificateStore;
import org.certsync.cluster.ExclusiveTaskLock;
import org.certsync.state.IssuingCaState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel glue of routes/exchange-online-issuing-cas.camel.yaml: begins an {@link IssuingCaUpload}, prepares its
 * Get-SmimeConfig and Set-SmimeConfig calls for exchange-online-invoke, reads the tenant's store from the answer,
 * records what was uploaded, and leaves one line in the body for the console and the log.
 *
 * <p>Which CAs: all CA certificates of {@code certsync.policy.trust-store}, not only those that issued a certificate
 * CertSync published. With a trust store set, every certificate CertSync publishes chains to one of them, so the set
 * covers them all; the tenant also needs the roots and intermediates above an issuer, which a narrowed set would
 * lose; the published state keeps fingerprints, not certificates, so narrowing would mean reading the directory again;
 * and a narrowed set would change the organization's configuration with every publish and clear.
 */
public class IssuingCaUploads {

    /** Message header: true makes this upload a dry run. */
    public static final String DRY_RUN = "certsyncDryRun";
    /** Exchange property: who started the upload; else the route it came from. */
    public static final String TRIGGER = "certsyncTrigger";
    private static final String ISSUING_CA = "SMIMECertificateIssuingCA";
    /** The upload's requests, kept across its attempts: a retry carries the same client-request-id. */
    private static final String GET_REQUEST = "certsyncGetSmimeConfig";
    private static final String SET_REQUEST = "certsyncSetSmimeConfig";
    private static final Logger LOG = LoggerFactory.getLogger(IssuingCaUploads.class);

    private final ExchangeOnlineAccess access;
    private final IssuingCaState state;
    private final IssuingCaSet trustedCas;
    private final IssuingCaSettings settings;
    private final ExclusiveTaskLock lock;
    private final boolean alwaysDry;

    /**
     * @param trustedCas the CA certificates of certsync.policy.trust-store
     * @param lock       one upload at a time, on every node
     * @param alwaysDry  certsync.dry-run: every upload is a dry run
     */
    public IssuingCaUploads(ExchangeOnlineAccess access, IssuingCaState state, IssuingCaSet trustedCas,
                            IssuingCaSettings settings, ExclusiveTaskLock lock, boolean alwaysDry) {
        this.access = access;
        this.state = state;
        this.trustedCas = trustedCas;
        this.settings = settings;
        this.lock = lock;
        this.alwaysDry = alwaysDry;
    }

    /**
     * Puts the upload on the exchange; refuses an upload that would send while certsync.issuing-cas.enabled=false, and
     * any upload (a dry run too: it would read a store being rewritten) while another one runs. The lock is taken before
     * the last upload is read and given back when the exchange completes, however it ends.
     *
     * @throws IssuingCaUploadRunningException when another upload runs, here or on another node
     */
    public void begin(Exchange exchange) {
        boolean dryRun = alwaysDry || exchange.getMessage().getHeader(DRY_RUN, false, Boolean.class);
        if (!dryRun && !settings.enabled()) {
            throw new IllegalStateException("certsync.issuing-cas.enabled=false: CertSync does not change the tenant's"
                    + " issuing CAs (a dry run shows what it would do)");
        }
        String trigger = exchange.getProperty(TRIGGER, exchange.getFromRouteId(), String.class);
        ExclusiveTaskLock.Held held = lock.tryTake().orElseThrow(() -> new IssuingCaUploadRunningException(trigger));
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                held.close();
            }
        });
        IssuingCaUpload upload = new IssuingCaUpload(UUID.randomUUID().toString(), trigger, dryRun, settings.replace(),
                trustedCas, state.last(), null);
        exchange.setProperty(IssuingCaUpload.PROPERTY, upload);
        LOG.info("Issuing CA upload {} started by {}{}: the trust store names {}", upload.id(), trigger,
                dryRun ? " (dry run: nothing is sent or recorded)" : "", upload.wanted());
    }

    /** True when nothing is to be done: the same set as last uploaded, and not a dry run (which always reads). */
    public boolean unchangedSinceLastUpload(Exchange exchange) {
        IssuingCaUpload upload = upload(exchange);
        return !upload.dryRun() && !upload.changedSinceLastUpload();
    }

    public void unchanged(Exchange exchange) {
        IssuingCaUpload upload = upload(exchange);
        IssuingCaState.Upload last = upload.last().orElseThrow();
        answer(exchange, "unchanged: the trust store names the " + upload.wanted().size() + " CAs uploaded at "
                + last.uploadedAt() + " by " + last.uploadedBy() + "; nothing sent");
    }

    public void getSmimeConfig(Exchange exchange) {
        request(exchange, GET_REQUEST, () -> InvokeCommandRequest.getSmimeConfig(access.settings()));
    }

    /** Reads the tenant's store from Get-SmimeConfig's answer. */
    public void readTenantStore(Exchange exchange) {
        IssuingCaSet store = tenantStore(LenientJson.read(exchange.getMessage().getBody(String.class)));
        exchange.setProperty(IssuingCaUpload.PROPERTY, upload(exchange).withTenantStore(store));
    }

    public boolean isDryRun(Exchange exchange) {
        return upload(exchange).dryRun();
    }

    /** A dry run's answer: what an upload would do; nothing sent, nothing recorded. */
    public void planned(Exchange exchange) {
        IssuingCaUpload upload = upload(exchange);
        String since = upload.changedSinceLastUpload() ? "changed" : "unchanged";
        String send = upload.tenantCarriesIt() ? "the tenant holds them already, nothing would be sent"
                : "would send " + upload.change();
        answer(exchange, "dry run: the trust store's CAs are " + since + " since the last upload; " + send);
    }

    public boolean tenantCarriesIt(Exchange exchange) {
        return upload(exchange).tenantCarriesIt();
    }

    /** The tenant holds the set already (someone put it there): recorded as uploaded, nothing sent. */
    public void alreadyCarried(Exchange exchange) {
        IssuingCaUpload upload = upload(exchange);
        state.record(upload.id(), upload.trigger(), upload.wanted(), upload.tenantStore(), upload.after());
        answer(exchange, "unchanged: the tenant holds the trust store's " + upload.wanted().size()
                + " CAs already; nothing sent");
    }

    public void setSmimeConfig(Exchange exchange) {
        request(exchange, SET_REQUEST,
                () -> InvokeCommandRequest.setSmimeIssuingCas(access.settings(), upload(exchange).after().der()));
    }

    /** After Set-SmimeConfig succeeded: recorded, audited, logged with the CAs' fingerprints. */
    public void uploaded(Exchange exchange) {
        IssuingCaUpload upload = upload(exchange);
        state.record(upload.id(), upload.trigger(), upload.wanted(), upload.tenantStore(), upload.after());
        String line = "uploaded: " + upload.change();
        LOG.info("Issuing CA upload {} {}; the tenant now trusts (SHA-256) {}", upload.id(), line, upload.after());
        exchange.getMessage().setBody(line);
    }

    /** Another upload runs: one line; this one did nothing. */
    public void alreadyRunning(Exchange exchange) {
        String reason = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class).getMessage();
        LOG.warn("Issuing CA upload skipped: {}", reason);
        exchange.getMessage().setBody("skipped: " + reason);
    }

    /** Any failure, after the retries Exchange's answer allowed: one line saying why; nothing recorded. */
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        InvokeCommandRequest request = exchange.getProperty(InvokeCommandCalls.REQUEST, InvokeCommandRequest.class);
        String reason;
        if (!(cause instanceof PublishFailedException publish)) {
            reason = FailureMessages.describe(cause);
        } else if (publish.outcome().status() == 403 && request != null) {
            // the outcome's own advice names the recipients' role, which does not cover the organization's configuration
            reason = "Exchange Online refused " + request.cmdlet() + " (HTTP 403): the app may not read or change the"
                    + " organization's S/MIME configuration; give it a role that may (see the README, \"Trusted CAs\")";
        } else {
            reason = publish.getMessage();
        }
        IssuingCaUpload upload = exchange.getProperty(IssuingCaUpload.PROPERTY, IssuingCaUpload.class);
        LOG.error("Issuing CA upload {} failed; nothing was recorded, the next upload tries again: {}",
                upload == null ? "(not begun)" : upload.id(), reason);
        exchange.getMessage().setBody("failed: " + reason);
    }

    /**
     * The issuing CAs in Get-SmimeConfig's answer: {@code value[0].SMIMECertificateIssuingCA}, null when the tenant
     * has none, else the SST as {@code {"Data":[…]}} (as the module sends a byte[]), a bare array of bytes, or base64.
     * How Exchange's JSON writes a byte[] property is not in the public evidence (the service's $metadata,
     * christophwille/talkingtoexorestapi docs/metadata.xml, has no SmimeConfig type), hence the three shapes.
     *
     * @throws IllegalStateException when the answer holds no store CertSync can read: merging needs it
     */
    static IssuingCaSet tenantStore(JsonNode answer) {
        JsonNode value = answer.path("value").path(0).path(ISSUING_CA);
        if (value.isMissingNode()) {
            throw new IllegalStateException("Get-SmimeConfig answered without " + ISSUING_CA + ": the tenant's issuing"
                    + " CAs cannot be read, so nothing was sent");
        }
        if (value.isNull()) return IssuingCaSet.empty();
        JsonNode data = value.has("Data") ? value.get("Data") : value;
        try {
            return IssuingCaSet.of(SerializedCertificateStore.read(bytes(data)));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Get-SmimeConfig's " + ISSUING_CA + " cannot be read (" + e.getMessage()
                    + "), so nothing was sent", e);
        }
    }

    private static byte[] bytes(JsonNode data) {
        if (data.isTextual()) return Base64.getDecoder().decode(data.textValue());
        if (!data.isArray()) throw new IllegalArgumentException("neither bytes nor base64 but " + data.getNodeType());
        byte[] bytes = new byte[data.size()];
        for (int i = 0; i < bytes.length; i++) {
            int b = data.get(i).asInt(-1);
            if (!data.get(i).isIntegralNumber() || b < 0 || b > 255) {
                throw new IllegalArgumentException("byte " + i + " is " + data.get(i) + ", not a number from 0 to 255");
            }
            bytes[i] = (byte) b;
        }
        return bytes;
    }

    private static void request(Exchange exchange, String property, Supplier<InvokeCommandRequest> create) {
        InvokeCommandRequest request = exchange.getProperty(property, InvokeCommandRequest.class);
        if (request == null) {
            request = create.get();
            exchange.setProperty(property, request);
        }
        exchange.setProperty(InvokeCommandCalls.REQUEST, request);
    }

    private static void answer(Exchange exchange, String line) {
        LOG.info("Issuing CA upload {} {}", upload(exchange).id(), line);
        exchange.getMessage().setBody(line);
    }

    private static IssuingCaUpload upload(Exchange exchange) {
        return exchange.getProperty(IssuingCaUpload.PROPERTY, IssuingCaUpload.class);
    }
}
