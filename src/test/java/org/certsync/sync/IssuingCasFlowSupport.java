package org.certsync.sync;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.certificate.Fingerprints;
import org.certsync.demo.DemoCertificateAuthority;
import org.certsync.demo.simulator.LoggedRequest;
import org.certsync.exchangeonline.ExchangeOnlineAccess;
import org.certsync.exchangeonline.InvokeCommandRequest;
import org.certsync.ops.SyncControl;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The issuing CA upload against the demo's simulated tenant over HTTP, with a trust store of two CAs made for the test
 * ({@code certsync.policy.trust-store}); no sync runs. Each test starts with an empty tenant store and nothing uploaded.
 * Retries are few and quick, to keep a failing tenant's test short.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "certsync.policy.trust-store=${certsync.test.issuing-ca-trust-store}",
        "certsync.issuing-cas.enabled=true",
        "certsync.exchange.retry.max-retries=2",
        "certsync.exchange.retry.initial-delay-ms=50",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/issuing-cas/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/issuing-cas/last-run.json",
        "certsync.report-dir=target/test-data/issuing-cas/history"})
abstract class IssuingCasFlowSupport extends SyncFlowSupport {

    static final byte[] ROOT_CA = new DemoCertificateAuthority("CertSync Test Root CA").caCertificate();
    static final byte[] ISSUING_CA = new DemoCertificateAuthority("CertSync Test Issuing CA").caCertificate();
    /** A CA an administrator put into the tenant's store by hand. */
    static final byte[] HAND_CA = new DemoCertificateAuthority("Partner CA added by hand").caCertificate();

    static {
        try {
            Path trust = Files.createTempDirectory("certsync-issuing-cas");
            Files.write(trust.resolve("root.crt"), ROOT_CA);
            Files.write(trust.resolve("issuing.crt"), ISSUING_CA);
            System.setProperty("certsync.test.issuing-ca-trust-store", trust.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Autowired
    SyncControl control;
    @Autowired
    ExchangeOnlineAccess access;
    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void emptyTenantAndNothingUploaded() {
        tenantSets("{\"CmdletInput\":{\"CmdletName\":\"Set-SmimeConfig\","
                + "\"Parameters\":{\"SMIMECertificateIssuingCA\":null}}}");
        jdbc.update("DELETE FROM issuing_ca_upload");
        jdbc.update("DELETE FROM audit_change WHERE recipient = 'SmimeConfig'");
        simulator.clearRequests();
    }

    /** An administrator's own Set-SmimeConfig, as PowerShell sends it (here with CertSync's token and client). */
    void administratorSets(List<byte[]> cas) {
        tenantSets(InvokeCommandRequest.setSmimeIssuingCas(access.settings(), cas).body());
        simulator.clearRequests();
    }

    private void tenantSets(String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(access.settings().invokeCommandEndpoint())
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            InvokeCommandRequest.getSmimeConfig(access.settings()).headers(access.tokens().current())
                    .forEach((name, value) -> request.header(name,
                            "X-CmdletName".equals(name) ? "Set-SmimeConfig" : value));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) throw new AssertionError("Set-SmimeConfig answered " + response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The cmdlets of one name the tenant received since the test began. */
    List<LoggedRequest> calls(String cmdlet) {
        return simulator().requests().stream().filter(r -> cmdlet.equals(r.cmdlet())).toList();
    }

    List<byte[]> tenantHolds() {
        return simulator().issuingCas(simulator().settings().tenant());
    }

    /** The audit trail's rows for the tenant's issuing CAs: before -> after, by fingerprint. */
    List<String> auditedChanges() {
        return jdbc.queryForList("SELECT before_fingerprints || ' -> ' || after_fingerprints FROM audit_change"
                + " WHERE recipient = 'SmimeConfig' AND attribute = 'SMIMECertificateIssuingCA' ORDER BY id",
                String.class);
    }

    /** The fingerprints of these CAs as the audit trail writes a set: sorted, comma-separated. */
    static String sorted(byte[]... cas) {
        return String.join(",", Arrays.stream(cas).map(Fingerprints::sha256).sorted().toList());
    }
}
