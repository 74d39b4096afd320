package org.certsync.certificate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Builds {@link PolicySettings} for tests: start from the defaults and change what the test is about. */
public final class TestSettings {

    private Duration clockSkew;
    private Integer maxValueBytes;
    private Integer maxValuesPerAttribute;
    private Boolean purposeCheck;
    private Boolean requireAddressMatch;
    private Boolean keyStrengthCheck;
    private Integer minRsaBits;
    private List<String> allowedCurves;
    private Boolean signatureStrengthCheck;
    private List<String> weakSignatureDigests;
    private Path trustStore;
    private String trustStorePassword;
    private String trustStoreType;
    private Boolean revocationCheck;
    private Boolean revocationFailOpen;
    private Path crlDirectory;
    private Duration crlFetchTimeout;
    private Duration crlMaxCacheAge;
    private Duration crlRetryDelay;

    public static TestSettings defaults() {
        return new TestSettings();
    }

    public TestSettings clockSkew(Duration value) { clockSkew = value; return this; }
    public TestSettings maxValueBytes(int value) { maxValueBytes = value; return this; }
    public TestSettings maxValuesPerAttribute(int value) { maxValuesPerAttribute = value; return this; }
    public TestSettings purposeCheck(boolean value) { purposeCheck = value; return this; }
    public TestSettings requireAddressMatch(boolean value) { requireAddressMatch = value; return this; }
    public TestSettings keyStrengthCheck(boolean value) { keyStrengthCheck = value; return this; }
    public TestSettings minRsaBits(int value) { minRsaBits = value; return this; }
    public TestSettings allowedCurves(String... value) { allowedCurves = List.of(value); return this; }
    public TestSettings signatureStrengthCheck(boolean value) { signatureStrengthCheck = value; return this; }
    public TestSettings weakSignatureDigests(String... value) { weakSignatureDigests = List.of(value); return this; }
    public TestSettings trustStore(Path value) { trustStore = value; return this; }
    public TestSettings trustStorePassword(String value) { trustStorePassword = value; return this; }
    public TestSettings trustStoreType(String value) { trustStoreType = value; return this; }
    public TestSettings revocationCheck(boolean value) { revocationCheck = value; return this; }
    public TestSettings revocationFailOpen(boolean value) { revocationFailOpen = value; return this; }
    public TestSettings crlDirectory(Path value) { crlDirectory = value; return this; }
    public TestSettings crlFetchTimeout(Duration value) { crlFetchTimeout = value; return this; }
    public TestSettings crlMaxCacheAge(Duration value) { crlMaxCacheAge = value; return this; }
    public TestSettings crlRetryDelay(Duration value) { crlRetryDelay = value; return this; }

    public PolicySettings build() {
        return new PolicySettings(clockSkew, maxValueBytes, maxValuesPerAttribute, purposeCheck, requireAddressMatch,
                keyStrengthCheck, minRsaBits, allowedCurves, signatureStrengthCheck, weakSignatureDigests, trustStore,
                trustStorePassword, trustStoreType, revocationCheck, revocationFailOpen, crlDirectory,
                crlFetchTimeout, crlMaxCacheAge, crlRetryDelay);
    }
}
