package org.certsync.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class PolicySettingsTest {

    @Test
    void defaultsAreTheDocumentedValues() {
        PolicySettings defaults = PolicySettings.defaults();

        assertThat(defaults.clockSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.maxValueBytes()).isEqualTo(65536);
        assertThat(defaults.maxValuesPerAttribute()).isEqualTo(15);
        assertThat(defaults.purposeCheck()).isTrue();
        assertThat(defaults.requireAddressMatch()).isTrue();
        assertThat(defaults.keyStrengthCheck()).isTrue();
        assertThat(defaults.minRsaBits()).isEqualTo(2048);
        assertThat(defaults.allowedCurves()).containsExactly("P-256", "P-384", "P-521");
        assertThat(defaults.signatureStrengthCheck()).isTrue();
        assertThat(defaults.weakSignatureDigests()).containsExactly("MD2", "MD4", "MD5", "SHA-1");
        assertThat(defaults.trustStore()).isNull();
        assertThat(defaults.trustStorePassword()).isNull();
        assertThat(defaults.trustStoreType()).isEqualTo("PKCS12");
        assertThat(defaults.revocationCheck()).isFalse();
        assertThat(defaults.revocationFailOpen()).isFalse();
        assertThat(defaults.crlDirectory()).isNull();
        assertThat(defaults.crlFetchTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.crlMaxCacheAge()).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.crlRetryDelay()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void missingPropertiesTakeTheDefaults() {
        assertThat(TestSettings.defaults().build()).isEqualTo(PolicySettings.defaults());
    }

    @Test
    void givenValuesAreKept() {
        PolicySettings settings = TestSettings.defaults().maxValuesPerAttribute(3).purposeCheck(false)
                .allowedCurves("P-384").build();

        assertThat(settings.maxValuesPerAttribute()).isEqualTo(3);
        assertThat(settings.purposeCheck()).isFalse();
        assertThat(settings.allowedCurves()).containsExactly("P-384");
    }

    @Test
    void listsCannotBeChangedAfterwards() {
        assertThatThrownBy(() -> PolicySettings.defaults().allowedCurves().add("secp256k1"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringHidesTheTrustStorePassword() {
        String text = TestSettings.defaults().trustStorePassword("s3cret").minRsaBits(3072).build().toString();

        assertThat(text).doesNotContain("s3cret").contains("trustStorePassword=******").contains("minRsaBits=3072");
    }

    @Test
    void nonPositiveLimitsAreRefusedNamingTheProperty() {
        assertThatThrownBy(() -> TestSettings.defaults().maxValuesPerAttribute(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("certsync.policy.max-values-per-attribute");
        assertThatThrownBy(() -> TestSettings.defaults().maxValueBytes(-1).build())
                .hasMessageContaining("certsync.policy.max-value-bytes");
        assertThatThrownBy(() -> TestSettings.defaults().crlFetchTimeout(Duration.ZERO).build())
                .hasMessageContaining("certsync.policy.crl-fetch-timeout");
        assertThatThrownBy(() -> TestSettings.defaults().clockSkew(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("certsync.policy.clock-skew");
    }

    @Test
    void revocationCheckWithoutATrustStoreIsRefused() {
        assertThatThrownBy(() -> TestSettings.defaults().revocationCheck(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("certsync.policy.revocation-check=true needs certsync.policy.trust-store");
    }

    @Test
    void unknownCurveNameFailsAtStart() {
        PolicySettings settings = TestSettings.defaults().allowedCurves("P-256", "P-999").build();

        assertThatThrownBy(() -> new CertificatePolicy(settings, TestCertificates.clock()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("certsync.policy.allowed-curves: unknown curve P-999");
    }

    @Test
    void unknownDigestNameFailsAtStart() {
        PolicySettings settings = new PolicySettings(null, null, null, null, null, null, null, null, null,
                List.of("SHA-1", "SHA-0"), null, null, null, null, null, null, null, null, null);

        assertThatThrownBy(() -> new CertificatePolicy(settings, TestCertificates.clock()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("certsync.policy.weak-signature-digests: unknown digest SHA-0");
    }
}
