package org.certsync.exchangeonline;

import java.util.List;
import java.util.Optional;

import org.certsync.certificate.IssuingCaSet;
import org.certsync.state.IssuingCaState;

/**
 * One upload of the tenant's trusted S/MIME issuing CAs, as it travels with its exchange (property {@value #PROPERTY}):
 * what CertSync wants the tenant to trust, what it uploaded last, and once read, what the tenant holds. It decides
 * what Set-SmimeConfig is to send; it sends and records nothing itself.
 *
 * <p>Set-SmimeConfig replaces the tenant's whole store. By default the store is merged: the tenant keeps what it holds
 * (CAs an administrator added by hand), loses the CAs CertSync uploaded before that left the trust store, and gains the
 * wanted ones. With {@code replace} the store becomes exactly the wanted CAs.
 *
 * @param id          this upload's id: the audit trail's run_id
 * @param trigger     who started it: a schedule route, or console:&lt;user&gt;
 * @param dryRun      read and compare only
 * @param replace     certsync.issuing-cas.replace
 * @param wanted      the CA certificates of certsync.policy.trust-store
 * @param last        what CertSync last uploaded to this tenant
 * @param tenantStore what the tenant holds, once Get-SmimeConfig answered; else null
 */
public record IssuingCaUpload(String id, String trigger, boolean dryRun, boolean replace, IssuingCaSet wanted,
                              Optional<IssuingCaState.Upload> last, IssuingCaSet tenantStore) {

    public static final String PROPERTY = "certsyncIssuingCaUpload";

    public IssuingCaUpload {
        // an empty set would empty the tenant's store: there is never a reason to send one
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("certsync.policy.trust-store holds no CA certificate: no issuing CA to"
                    + " upload, and an empty set would empty the tenant's store");
        }
    }

    /** True when the wanted set differs from the one CertSync last uploaded (or nothing was uploaded yet). */
    public boolean changedSinceLastUpload() {
        return last.map(upload -> !upload.caSet().equals(wanted.digest())).orElse(true);
    }

    public IssuingCaUpload withTenantStore(IssuingCaSet store) {
        return new IssuingCaUpload(id, trigger, dryRun, replace, wanted, last, store);
    }

    /** The CAs CertSync uploaded before that the trust store no longer names: CertSync's to remove when merging. */
    public List<String> retired() {
        List<String> wantedFingerprints = wanted.fingerprints();
        return last.map(upload -> upload.fingerprints().stream().filter(f -> !wantedFingerprints.contains(f)).toList())
                .orElse(List.of());
    }

    /** What the tenant's store is to hold after this upload. */
    public IssuingCaSet after() {
        return replace ? wanted : tenantStore().minus(retired()).plus(wanted);
    }

    /** True when the tenant already holds exactly what it is to hold: nothing to send. */
    public boolean tenantCarriesIt() {
        return after().equals(tenantStore());
    }

    public List<String> added() {
        return after().notIn(tenantStore());
    }

    /** The CAs the upload takes out of the tenant's store: CertSync's retired ones, and with replace all others. */
    public List<String> dropped() {
        return tenantStore().notIn(after());
    }

    @Override
    public IssuingCaSet tenantStore() {
        if (tenantStore == null) throw new IllegalStateException("the tenant's store was not read yet");
        return tenantStore;
    }

    /** One line for the log, the console and the audit: the change by fingerprint. */
    public String change() {
        return (replace ? "replace" : "merge") + ": tenant holds " + tenantStore().size() + " CAs, adds " + added()
                + ", drops " + dropped() + ", then holds " + after().size();
    }
}
