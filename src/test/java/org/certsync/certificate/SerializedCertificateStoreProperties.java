package org.certsync.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.certsync.certificate.TestCertificates.ca;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What is written reads back as the same certificates in the same order; whatever bytes are read, the store either
 * gives certificates or refuses with IllegalArgumentException, never another exception.
 */
class SerializedCertificateStoreProperties {

    private static final List<byte[]> CERTIFICATES = List.of(
            TestCertificates.der(ca().certificate()),
            TestCertificates.der(ca().issueCa("CertSync Issuing CA").certificate()),
            ca().leaf().der(),
            ca().leaf().ec("secp256r1").der());

    @Property(tries = 500)
    void writtenCertificatesAreReadBackInOrder(@ForAll("certificateLists") List<byte[]> certificates) {
        assertThat(SerializedCertificateStore.read(SerializedCertificateStore.write(certificates)))
                .containsExactlyElementsOf(certificates);
    }

    @Property(tries = 2000)
    void damagedStoreIsReadOrRefusedWithIllegalArgument(@ForAll("damagedStores") byte[] store) {
        assertThatCode(() -> {
            try {
                SerializedCertificateStore.read(store);
            } catch (IllegalArgumentException refused) {
                assertThat(refused).hasMessageContaining("not a serialized certificate store (SST): ");
            }
        }).doesNotThrowAnyException();
    }

    @Provide
    Arbitrary<List<byte[]>> certificateLists() {
        return Arbitraries.of(CERTIFICATES).list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<byte[]> damagedStores() {
        Arbitrary<byte[]> stores = certificateLists().map(SerializedCertificateStore::write);
        Arbitrary<byte[]> truncated = Combinators.combine(stores, Arbitraries.doubles().between(0, 1))
                .as(DamagedBytes::truncated);
        Arbitrary<byte[]> flipped = Combinators.combine(stores,
                        Arbitraries.integers().greaterOrEqual(0).list().ofMinSize(1).ofMaxSize(8))
                .as(DamagedBytes::bitFlipped);
        return Arbitraries.oneOf(truncated, flipped, Arbitraries.bytes().array(byte[].class).ofMaxSize(64));
    }
}
