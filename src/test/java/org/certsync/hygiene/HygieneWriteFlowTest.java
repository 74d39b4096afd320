package org.certsync.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.controls.PermissiveModifyRequestControl;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.certificate.Fingerprints;
import org.certsync.demo.DemoCertificateAuthority;
import org.certsync.testsupport.TenantFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What hygiene sends to the directory, seen by an LDAP server that records every modify: deletes of exactly the
 * planned values, with permissive modify, never a replace; a value added between the read and the write survives; a
 * write the directory refuses is that user's line and the run goes on.
 */
@CamelSpringBootTest
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.scheduler.enabled=false",
        "certsync.ldap.bind-dn=" + HygieneWriteFlowTest.READER,
        "certsync.ldap.password=reader-secret",
        "certsync.ldap.base-dn=" + HygieneWriteFlowTest.BASE,
        "certsync.ldap.user-filter=(objectClass=user)",
        "certsync.hygiene.enabled=true",
        "certsync.hygiene.apply=true",
        "certsync.hygiene.bind-dn=" + HygieneWriteFlowTest.WRITER,
        "certsync.hygiene.bind-password=writer-secret",
        "certsync.hygiene.report-file=target/test-data/hygiene-write/last-hygiene.json",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/hygiene-write/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/hygiene-write/last-run.json",
        "certsync.report-dir=target/test-data/hygiene-write/history"})
class HygieneWriteFlowTest {

    static final String BASE = "dc=hygiene,dc=example";
    static final String READER = "cn=reader," + BASE;
    static final String WRITER = "cn=hygiene," + BASE;
    private static final DemoCertificateAuthority CA = new DemoCertificateAuthority("CertSync Hygiene Write Test CA");
    private static final List<ModifyRequest> MODIFIES = new CopyOnWriteArrayList<>();
    private static final InMemoryDirectoryServer SERVER = start();

    @DynamicPropertySource
    static void directory(DynamicPropertyRegistry registry) {
        TenantFixture.register(registry);
        registry.add("certsync.ldap.url", () -> "ldap://127.0.0.1:" + SERVER.getListenPort());
    }

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    JdbcTemplate jdbc;

    @AfterAll
    static void stop() {
        SERVER.shutDown(true);
    }

    @Test
    void aValueAddedBetweenPlanAndWriteSurvivesAndOnlyDeletesAreSent() throws Exception {
        byte[] good = certificate("alice", 1, -300);
        byte[] expired = certificate("alice", 400, 60);
        byte[] renewal = certificate("alice", 0, -365);
        SERVER.add(user("alice", List.of(good, expired), List.of(good.clone())));
        // refuses every write to bob, as a directory does without the right to write there
        SERVER.add(user("bob", List.of(certificate("bob", 1, -300), certificate("bob", 400, 60)), List.of()));
        AdviceWith.adviceWith(camel, "hygiene-run", route -> route.weaveById("hygiene-apply").before()
                .process(exchange -> SERVER.modify(dn("alice"), new Modification(ModificationType.ADD, "userCertificate", renewal))));
        MODIFIES.clear();

        HygieneReport report = producer.request("direct:hygiene-run", exchange -> exchange.setProperty(HygieneRuns.TRIGGER, "test"))
                .getMessage().getBody(HygieneReport.class);

        assertThat(fingerprints("alice", "userCertificate")).containsExactlyInAnyOrder(Fingerprints.sha256(good),
                Fingerprints.sha256(renewal));
        assertThat(SERVER.getEntry(dn("alice")).getAttribute("userSMIMECertificate")).isNull();
        assertThat(MODIFIES).isNotEmpty().allSatisfy(modify -> {
            assertThat(modify.getModifications()).extracting(Modification::getModificationType)
                    .containsOnly(ModificationType.DELETE);
            assertThat(modify.getControl(PermissiveModifyRequestControl.PERMISSIVE_MODIFY_REQUEST_OID)).isNotNull();
        });
        assertThat(MODIFIES.stream().filter(m -> m.getDN().equals(dn("alice")))).singleElement().satisfies(modify ->
                assertThat(modify.getModifications()).extracting(m -> m.getAttributeName() + " " + Fingerprints.sha256(m.getValueByteArrays()[0]))
                        .containsExactly("userCertificate " + Fingerprints.sha256(expired),
                                "userSMIMECertificate " + Fingerprints.sha256(good)));
        assertThat(jdbc.queryForList("SELECT value_bytes FROM hygiene_removal WHERE dn = ? ORDER BY id", byte[].class, dn("alice")))
                .containsExactly(expired, good);

        assertThat(report.status()).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(report.usersRefused()).isEqualTo(1);
        assertThat(report.users()).filteredOn(u -> u.dn().equals(dn("bob"))).singleElement().satisfies(bob -> {
            assertThat(bob.outcome()).isEqualTo("refused");
            assertThat(bob.cause()).contains("insufficient access rights");
        });
        assertThat(fingerprints("bob", "userCertificate")).hasSize(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hygiene_removal WHERE dn = ?", Integer.class, dn("bob")))
                .as("nothing was removed from bob, so nothing is recorded").isZero();
    }

    private static InMemoryDirectoryServer start() {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
            config.setSchema(null);
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
            config.addAdditionalBindCredentials(READER, "reader-secret");
            config.addAdditionalBindCredentials(WRITER, "writer-secret");
            config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
                @Override
                public void processModifyRequest(InMemoryInterceptedModifyRequest request) throws LDAPException {
                    MODIFIES.add(request.getRequest().duplicate());
                    if (request.getRequest().getDN().equals(dn("bob"))) {
                        throw new LDAPException(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, "no write access to " + dn("bob"));
                    }
                }
            });
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            server.add(new Entry(BASE, new Attribute("objectClass", "domain"), new Attribute("dc", "hygiene")));
            server.startListening();
            return server;
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot start the test directory", e);
        }
    }

    private static Entry user(String name, List<byte[]> userCertificate, List<byte[]> smime) {
        Entry entry = new Entry(dn(name), new Attribute("objectClass", "user"), new Attribute("cn", name),
                new Attribute("mail", name + "@hygiene.example"),
                new Attribute("userCertificate", userCertificate.toArray(byte[][]::new)));
        if (!smime.isEmpty()) entry.addAttribute(new Attribute("userSMIMECertificate", smime.toArray(byte[][]::new)));
        return entry;
    }

    private static byte[] certificate(String name, int fromDaysAgo, int untilDaysAgo) {
        Instant now = Instant.now();
        return CA.issue(CA.leaf(name + "@hygiene.example").withValidity(now.minus(Duration.ofDays(fromDaysAgo)),
                now.minus(Duration.ofDays(untilDaysAgo))));
    }

    private static List<String> fingerprints(String name, String attribute) throws LDAPException {
        return List.of(SERVER.getEntry(dn(name)).getAttributeValueByteArrays(attribute)).stream().map(Fingerprints::sha256).toList();
    }

    private static String dn(String name) {
        return "cn=" + name + "," + BASE;
    }
}
