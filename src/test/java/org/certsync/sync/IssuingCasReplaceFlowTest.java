package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.certsync.certificate.Fingerprints;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With certsync.issuing-cas.replace=true the tenant's store becomes exactly the trust store's CAs. */
@TestPropertySource(properties = "certsync.issuing-cas.replace=true")
class IssuingCasReplaceFlowTest extends IssuingCasFlowSupport {

    @Test
    void replacingDropsTheCaTheAdministratorAddedByHand() {
        administratorSets(List.of(HAND_CA));

        String answer = control.uploadIssuingCasNow();

        assertThat(answer).startsWith("uploaded: replace: tenant holds 1 CAs")
                .contains("drops [" + Fingerprints.sha256(HAND_CA) + "]");
        assertThat(tenantHolds()).containsExactlyInAnyOrder(ROOT_CA, ISSUING_CA);
        assertThat(auditedChanges()).containsExactly(Fingerprints.sha256(HAND_CA) + " -> "
                + sorted(ROOT_CA, ISSUING_CA));
    }
}
