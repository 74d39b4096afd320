package org.certsync.certificate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * Microsoft's serialized certificate store (an .sst file, what {@code CertSaveStore(…, CERT_STORE_SAVE_AS_STORE, …)}
 * writes), the value {@code Set-SmimeConfig -SMIMECertificateIssuingCA} takes. The layout, as Wine's crypt32 writes and
 * reads it ({@code dlls/crypt32/serialize.c}: {@code CRYPT_WriteSerializedStoreToStream},
 * {@code CRYPT_SerializeStoreElement}; fixtures in {@code dlls/crypt32/tests/store.c}, which also run on Windows):
 * <pre>
 *   DWORD 0, DWORD 0x54524543 ("CERT")                          the file header
 *   { DWORD propId, DWORD encodingType = 1, DWORD length, bytes }  elements, little-endian
 *   DWORD 0, DWORD 0, DWORD 0                                      the end marker
 * </pre>
 * A certificate is the element with property id 32 (CERT_CERT_PROP_ID) holding its DER bytes, preceded by the
 * properties set on it, if any (hashes, friendly name, key identifier, …). Reading keeps the certificates in order and
 * skips every other element.
 */
public final class SerializedCertificateStore {

    private static final int FILE_HEADER_ZERO = 0;
    /** "CERT" as a little-endian DWORD. */
    private static final int FILE_MAGIC = 0x54524543;
    private static final int CERT_CERT_PROP_ID = 32;
    private static final int X509_ASN_ENCODING = 1;
    private static final int DWORD = 4;
    private static final int ELEMENT_HEADER = 3 * DWORD;
    private static final String MALFORMED = "not a serialized certificate store (SST): ";

    private SerializedCertificateStore() {
    }

    /**
     * The store holding these certificates in this order, each as its certificate element alone. No SHA-1 hash
     * property (id 3) is written: CertSaveStore writes none for a certificate on which no property was set (Wine's
     * {@code serializedStoreWithCert}, a test that also runs on Windows), so a store without one is what Windows itself
     * makes; the hash is a cache of what anyone can compute from the certificate (Wine's tests found
     * CertAddSerializedElementToStore using the computed hash, not a stored one), and a stored one could only be wrong.
     *
     * @param certificates DER X.509 certificates
     * @throws IllegalArgumentException when a value is not a DER X.509 certificate
     */
    public static byte[] write(List<byte[]> certificates) {
        for (int i = 0; i < certificates.size(); i++) {
            requireCertificate(certificates.get(i), "certificate " + (i + 1) + " of " + certificates.size());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                2 * DWORD + ELEMENT_HEADER + certificates.stream().mapToInt(c -> ELEMENT_HEADER + c.length).sum());
        out.writeBytes(dwords(FILE_HEADER_ZERO, FILE_MAGIC));
        for (byte[] certificate : certificates) {
            out.writeBytes(dwords(CERT_CERT_PROP_ID, X509_ASN_ENCODING, certificate.length));
            out.writeBytes(certificate);
        }
        out.writeBytes(dwords(0, 0, 0));
        return out.toByteArray();
    }

    /**
     * The certificates the store holds, in order; other elements (properties, CRLs, CTLs) are skipped.
     *
     * @throws IllegalArgumentException naming what is wrong and where, when the bytes are no well-formed store or a
     *                                  certificate element holds no DER X.509 certificate
     */
    public static List<byte[]> read(byte[] store) {
        ByteBuffer in = ByteBuffer.wrap(store).order(ByteOrder.LITTLE_ENDIAN);
        if (store.length < 2 * DWORD || in.getInt() != FILE_HEADER_ZERO || in.getInt() != FILE_MAGIC) {
            throw malformed("its " + store.length + " bytes do not start with the header 00 00 00 00 'CERT'");
        }
        List<byte[]> certificates = new ArrayList<>();
        while (true) {
            int offset = in.position();
            if (in.remaining() < ELEMENT_HEADER) {
                throw malformed("it ends at byte " + store.length + " without the end marker (three zero DWORDs)");
            }
            int propId = in.getInt();
            int encodingType = in.getInt();
            long length = Integer.toUnsignedLong(in.getInt());
            if (propId == 0) {
                if (encodingType != 0 || length != 0) {
                    throw malformed("the end marker at byte " + offset + " is not three zero DWORDs");
                }
                if (in.hasRemaining()) {
                    throw malformed(in.remaining() + " bytes follow the end marker at byte " + offset);
                }
                return certificates;
            }
            if (encodingType != X509_ASN_ENCODING) {
                throw malformed("the element at byte " + offset + " (property " + Integer.toUnsignedString(propId)
                        + ") has encoding type " + Integer.toUnsignedString(encodingType) + ", not 1 (X509_ASN_ENCODING)");
            }
            if (length > in.remaining()) {
                throw malformed("the element at byte " + offset + " (property " + Integer.toUnsignedString(propId)
                        + ") announces " + length + " bytes but only " + in.remaining() + " follow");
            }
            byte[] value = new byte[(int) length];
            in.get(value);
            if (propId == CERT_CERT_PROP_ID) {
                certificates.add(requireCertificate(value, MALFORMED + "the certificate element at byte " + offset));
            }
        }
    }

    private static byte[] requireCertificate(byte[] der, String what) {
        Exception cause = null;
        try {
            // fromByteArray refuses trailing bytes (and reads no bytes as null), getInstance a structure of another shape
            if (Certificate.getInstance(ASN1Primitive.fromByteArray(der)) != null) return der;
        } catch (IOException | RuntimeException e) {
            cause = e;
        }
        throw new IllegalArgumentException(what + " is not a DER X.509 certificate (" + der.length + " bytes"
                + (der.length > 0 ? ", starting " + HexFormat.of().formatHex(der, 0, Math.min(der.length, 4)) : "") + ")", cause);
    }

    private static IllegalArgumentException malformed(String reason) {
        return new IllegalArgumentException(MALFORMED + reason);
    }

    private static byte[] dwords(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * DWORD).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : values) buffer.putInt(value);
        return buffer.array();
    }

}
