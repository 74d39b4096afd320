package org.certsync.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.certsync.certificate.TestCertificates.ca;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The expected bytes are spelled out here from the layout Wine's crypt32 documents in code
 * ({@code dlls/crypt32/serialize.c}, {@code CRYPT_WriteSerializedStoreToStream} and {@code CRYPT_SerializeStoreElement};
 * {@code serializedStoreWithCert} in {@code dlls/crypt32/tests/store.c}): header {@code 00 00 00 00 'C' 'E' 'R' 'T'},
 * per certificate {@code 20 00 00 00} (CERT_CERT_PROP_ID), {@code 01 00 00 00} (X509_ASN_ENCODING), its length as a
 * little-endian DWORD and its DER bytes, then twelve zero bytes.
 */
class SerializedCertificateStoreTest {

    private static final byte[] ROOT = TestCertificates.der(ca().certificate());
    private static final byte[] ISSUING = TestCertificates.der(ca().issueCa("CertSync Issuing CA").certificate());
    private static final byte[] OTHER_ROOT = TestCertificates.der(TestCertificates.newCa("CertSync Other Root").certificate());

    private static final byte[] FILE_HEADER = {0x00, 0x00, 0x00, 0x00, 'C', 'E', 'R', 'T'};
    private static final byte[] CERTIFICATE_ELEMENT = {0x20, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00};
    private static final byte[] END_MARKER = new byte[12];

    @Test
    void oneCaIsWrittenAsHeaderCertificateElementAndEndMarker() {
        byte[] expected = concat(FILE_HEADER, CERTIFICATE_ELEMENT, littleEndian(ROOT.length), ROOT, END_MARKER);

        assertThat(SerializedCertificateStore.write(List.of(ROOT))).isEqualTo(expected);
    }

    @Test
    void severalCasAreWrittenOneElementEachInTheirOrder() {
        byte[] expected = concat(FILE_HEADER,
                CERTIFICATE_ELEMENT, littleEndian(ISSUING.length), ISSUING,
                CERTIFICATE_ELEMENT, littleEndian(ROOT.length), ROOT,
                CERTIFICATE_ELEMENT, littleEndian(OTHER_ROOT.length), OTHER_ROOT,
                END_MARKER);

        assertThat(SerializedCertificateStore.write(List.of(ISSUING, ROOT, OTHER_ROOT))).isEqualTo(expected);
    }

    @Test
    void noCaIsAnEmptyStore() {
        assertThat(SerializedCertificateStore.write(List.of())).isEqualTo(concat(FILE_HEADER, END_MARKER));
        assertThat(SerializedCertificateStore.read(concat(FILE_HEADER, END_MARKER))).isEmpty();
    }

    @Test
    void oneCaIsReadBack() {
        byte[] store = concat(FILE_HEADER, CERTIFICATE_ELEMENT, littleEndian(ROOT.length), ROOT, END_MARKER);

        assertThat(SerializedCertificateStore.read(store)).containsExactly(ROOT);
    }

    @Test
    void severalCasAreReadBackInTheirOrder() {
        byte[] store = SerializedCertificateStore.write(List.of(OTHER_ROOT, ISSUING, ROOT));

        assertThat(SerializedCertificateStore.read(store)).containsExactly(OTHER_ROOT, ISSUING, ROOT);
    }

    @Test
    void propertiesAndCrlsBesideTheCertificatesAreSkipped() {
        // as Windows exports a system store: each certificate preceded by the properties cached on it
        byte[] sha1Hash = element(3, new byte[20]);
        byte[] friendlyName = element(11, "Root\0".getBytes(StandardCharsets.UTF_16LE));
        byte[] crl = element(33, ca().crl().der());
        byte[] store = concat(FILE_HEADER,
                sha1Hash, friendlyName, CERTIFICATE_ELEMENT, littleEndian(ROOT.length), ROOT,
                crl,
                sha1Hash, CERTIFICATE_ELEMENT, littleEndian(ISSUING.length), ISSUING,
                element(20, new byte[0]),
                END_MARKER);

        assertThat(SerializedCertificateStore.read(store)).containsExactly(ROOT, ISSUING);
    }

    static Stream<Arguments> malformedStores() {
        byte[] good = SerializedCertificateStore.write(List.of(ROOT));
        byte[] wrongEncoding = good.clone();
        wrongEncoding[12] = 2;
        int pastTheEnd = ROOT.length + END_MARKER.length + 1;
        byte[] tooLong = concat(FILE_HEADER, CERTIFICATE_ELEMENT, littleEndian(pastTheEnd), ROOT, END_MARKER);
        byte[] hugeLength = concat(FILE_HEADER, CERTIFICATE_ELEMENT, littleEndian(-1), ROOT, END_MARKER);
        byte[] notACertificate = concat(FILE_HEADER, CERTIFICATE_ELEMENT, littleEndian(4), new byte[]{0x30, 0x02, 0x05, 0x00},
                END_MARKER);
        byte[] badEndMarker = concat(FILE_HEADER, new byte[]{0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0});
        return Stream.of(
                Arguments.of("empty", new byte[0], "do not start with the header"),
                Arguments.of("a DER certificate", ROOT, "do not start with the header"),
                Arguments.of("text", "-----BEGIN CERTIFICATE-----".getBytes(StandardCharsets.US_ASCII), "do not start with the header"),
                Arguments.of("the header alone", FILE_HEADER, "without the end marker"),
                Arguments.of("cut in the certificate", Arrays.copyOf(good, good.length - 20), "announces " + ROOT.length),
                Arguments.of("cut in the end marker", Arrays.copyOf(good, good.length - 1), "without the end marker"),
                Arguments.of("bytes after the end marker", concat(good, new byte[]{0}), "1 bytes follow the end marker"),
                Arguments.of("encoding type 2", wrongEncoding, "encoding type 2, not 1"),
                Arguments.of("a length past the end", tooLong, "announces " + pastTheEnd + " bytes but only " + (pastTheEnd - 1) + " follow"),
                Arguments.of("a length of 2^32-1", hugeLength, "announces 4294967295 bytes"),
                Arguments.of("a certificate element without a certificate", notACertificate,
                        "the certificate element at byte 8 is not a DER X.509 certificate"),
                Arguments.of("an end marker with an encoding type", badEndMarker, "is not three zero DWORDs"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedStores")
    void malformedStoreIsRefusedSayingWhatIsWrong(String what, byte[] store, String reason) {
        assertThatIllegalArgumentException().isThrownBy(() -> SerializedCertificateStore.read(store))
                .withMessageStartingWith("not a serialized certificate store (SST): ")
                .withMessageContaining(reason);
    }

    @Test
    void certificateElementWithoutACertificateIsRefused() {
        byte[] store = concat(FILE_HEADER, CERTIFICATE_ELEMENT, littleEndian(0), END_MARKER);

        assertThatIllegalArgumentException().isThrownBy(() -> SerializedCertificateStore.read(store))
                .withMessage("not a serialized certificate store (SST): the certificate element at byte 8"
                        + " is not a DER X.509 certificate (0 bytes)");
    }

    @Test
    void valueThatIsNoCertificateIsNotWritten() {
        byte[] pkcs7 = TestCertificates.pkcs7(ca().certificate());

        assertThatIllegalArgumentException().isThrownBy(() -> SerializedCertificateStore.write(List.of(ROOT, pkcs7)))
                .withMessageStartingWith("certificate 2 of 2 is not a DER X.509 certificate");
    }

    private static byte[] element(int propId, byte[] value) {
        return concat(littleEndian(propId), littleEndian(1), littleEndian(value.length), value);
    }

    private static byte[] littleEndian(int value) {
        return new byte[]{(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) out.writeBytes(part);
        return out.toByteArray();
    }
}
