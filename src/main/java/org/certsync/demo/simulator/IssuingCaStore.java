package org.certsync.demo.simulator;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tenant's S/MIME issuing CAs as {@code Set-SmimeConfig -SMIMECertificateIssuingCA} keeps them: the serialized
 * certificate store (SST) as sent, and the certificates the simulator's own reader found in it, so a client whose SST
 * drifts from the format is refused here. The format, from Wine's crypt32 ({@code dlls/crypt32/serialize.c}): the
 * bytes {@code 00 00 00 00 'C' 'E' 'R' 'T'}, then elements of three little-endian DWORDs (property id, encoding type,
 * length) and their bytes, up to an element of three zeros; property 32 is a certificate (encoding type 1, DER), any
 * other element a property of one, skipped.
 */
record IssuingCaStore(byte[] serialized, List<byte[]> certificates) {

    /** {@code 00 00 00 00 43 45 52 54} read as one little-endian long. */
    private static final long HEADER = 0x5452454300000000L;
    private static final int CERTIFICATE = 32;

    /** @throws ExchangeError the cmdlet's refusal of bytes that are no SST of X.509 certificates */
    static IssuingCaStore read(byte[] serialized) {
        ByteBuffer sst = ByteBuffer.wrap(serialized).order(ByteOrder.LITTLE_ENDIAN);
        if (sst.remaining() < Long.BYTES || sst.getLong() != HEADER) {
            throw ExchangeError.invalidIssuingCaStore("it does not begin with 00 00 00 00 'CERT'");
        }
        List<byte[]> certificates = new ArrayList<>();
        while (sst.remaining() >= 3 * Integer.BYTES) {
            int property = sst.getInt();
            int encoding = sst.getInt();
            int length = sst.getInt();
            if (property == 0 && encoding == 0 && length == 0) {
                if (sst.hasRemaining()) throw ExchangeError.invalidIssuingCaStore(sst.remaining() + " bytes follow the end element");
                return new IssuingCaStore(serialized.clone(), List.copyOf(certificates));
            }
            if (length < 0 || length > sst.remaining()) {
                throw ExchangeError.invalidIssuingCaStore("element " + property + " runs past the end");
            }
            byte[] value = new byte[length];
            sst.get(value);
            if (property == CERTIFICATE) certificates.add(x509(value, encoding, certificates.size() + 1));
        }
        throw ExchangeError.invalidIssuingCaStore("the end element (three zero DWORDs) is missing");
    }

    private static byte[] x509(byte[] der, int encoding, int number) {
        if (encoding != 1) throw ExchangeError.invalidIssuingCaStore("certificate " + number + " has encoding type " + encoding);
        byte[] parsed;
        try {
            parsed = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)).getEncoded();
        } catch (CertificateException e) {
            parsed = null;
        }
        // the factory also takes PEM and stops after one certificate: only the exact DER is a certificate element
        if (!Arrays.equals(parsed, der)) {
            throw ExchangeError.invalidIssuingCaStore("certificate " + number + " is not a DER X.509 certificate");
        }
        return der;
    }

    boolean sameAs(byte[] other) {
        return Arrays.equals(serialized, other);
    }
}
