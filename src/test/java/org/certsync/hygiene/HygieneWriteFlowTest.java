package org.certsync.hygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.PermissiveModifyRequestControl;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.certificate.Fingerprints;
import org.certsync.cluster.ExclusiveTaskLock;
import org.certsync.demo.DemoCertificateAuthority;
import org.certsync.testsupport.TenantFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What hygiene sends to the directory, seen by an LDAP server that records every modify: deletes of exactly the
 * planned values, with permissive modify, never a replace; a value added between the read and the write survives, one
 * deleted meanwhile is neither deleted nor recorded; a write the directory refuses is that user's line and the run goes
 * on; a write whose answer never comes keeps its values for a restore; a failed run leaves the next one free.
 */
@CamelSpringBootTest
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.scheduler.enabled=false",
        "certsync.ldap.bind-dn=" + HygieneWriteFlowTest.READER,
        "certsync.ldap.password=reader-secret",
        "certsync.ldap.base-dn=" + HygieneWriteFlowTest.BASE,
        "certsync.ldap.user-filter=(objectClass=user)",
        // the server holds back its answer to the modify of "slow": the write's wait ends after this
        "certsync.ldap.read-timeout=2s",
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
    /** Released after the run: until then the server does not answer the modify of "slow" (it applies it though). */
    private static final CountDownLatch SLOW_ANSWER = new CountDownLatch(1);
    /** What happens in the directory after the plan and before the write (the route is advised once). */
    private static volatile Runnable meanwhile = () -> { };
    private static boolean advised;
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
    @Autowired
    HygieneOperations operations;
    @Autowired
    HygieneRemovals removals;
    @Autowired
    @Qualifier("hygieneLock")
    ExclusiveTaskLock hygieneLock;

    @AfterAll
    static void stop() {
        SERVER.shutDown(true);
    }

    @BeforeEach
    void adviseOnce() throws Exception {
        if (!advised) {
            AdviceWith.adviceWith(camel, "hygiene-run", route -> route.weaveById("hygiene-apply").before()
                    .process(exchange -> meanwhile.run()));
            advised = true;
        }
        MODIFIES.clear();
    }

    @AfterEach
    void removeUsers() throws LDAPException {
        meanwhile = () -> { };
        for (Entry user : SERVER.search(BASE, SearchScope.ONE, "(objectClass=user)").getSearchEntries()) SERVER.delete(user.getDN());
    }

    @Test
    void aValueAddedBetweenPlanAndWriteSurvivesAndOnlyDeletesAreSent() throws Exception {
        byte[] good = certificate("alice", 1, -300);
        byte[] expired = certificate("alice", 400, 60);
        byte[] renewal = certificate("alice", 0, -365);
        SERVER.add(user("alice", List.of(good, expired), List.of(good.clone())));
        // refuses every write to bob, as a directory does without the right to write there
        SERVER.add(user("bob", List.of(certificate("bob", 1, -300), certificate("bob", 400, 60)), List.of()));
        meanwhile = () -> modify("alice", ModificationType.ADD, "userCertificate", renewal);

        HygieneReport report = hygiene();

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

    @Test
    void aValueAnAdminDeletedBetweenTheReadAndTheWriteIsNeitherDeletedNorRecorded() throws Exception {
        byte[] good = certificate("carol", 1, -300);
        byte[] deletedByAdmin = certificate("carol", 400, 60);
        byte[] expired = certificate("carol", 500, 100);
        SERVER.add(user("carol", List.of(good, deletedByAdmin, expired), List.of()));
        meanwhile = () -> modify("carol", ModificationType.DELETE, "userCertificate", deletedByAdmin);

        HygieneReport report = hygiene();

        assertThat(report.valuesRemoved()).isEqualTo(1);
        assertThat(report.users()).singleElement().satisfies(carol -> {
            assertThat(carol.outcome()).isEqualTo("removed");
            assertThat(carol.cause()).startsWith("already gone").contains("userCertificate " + Fingerprints.sha256(deletedByAdmin));
        });
        assertThat(MODIFIES).singleElement().satisfies(modify -> assertThat(modify.getModifications())
                .extracting(m -> Fingerprints.sha256(m.getValueByteArrays()[0])).containsExactly(Fingerprints.sha256(expired)));
        assertThat(jdbc.queryForList("SELECT value_bytes FROM hygiene_removal WHERE dn = ?", byte[].class, dn("carol")))
                .as("only what hygiene removed is recorded").containsExactly(expired);

        assertThat(operations.restoreRun(report.runId(), "console:test")).contains("restored 1 values");
        assertThat(fingerprints("carol", "userCertificate")).containsExactlyInAnyOrder(Fingerprints.sha256(good),
                Fingerprints.sha256(expired));
    }

    @Test
    void aModifyWhoseAnswerNeverCameKeepsItsValuesForARestore() throws Exception {
        byte[] good = certificate("slow", 1, -300);
        byte[] expired = certificate("slow", 400, 60);
        SERVER.add(user("slow", List.of(good, expired), List.of()));

        HygieneReport report;
        try {
            report = hygiene();
        } finally {
            SLOW_ANSWER.countDown();
        }

        assertThat(report.status()).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(report.usersUncertain()).isEqualTo(1);
        assertThat(report.users()).singleElement().satisfies(slow -> {
            assertThat(slow.outcome()).isEqualTo("uncertain");
            assertThat(slow.cause()).startsWith("uncertain: 85 (timeout)")
                    .contains("the directory may have applied the delete; the 1 values are kept for restore");
        });
        assertThat(fingerprints("slow", "userCertificate")).as("the directory applied the delete")
                .containsExactly(Fingerprints.sha256(good));
        assertThat(jdbc.queryForList("SELECT value_bytes FROM hygiene_removal WHERE dn = ?", byte[].class, dn("slow")))
                .as("the only copy of the value is kept").containsExactly(expired);

        assertThat(operations.restoreUser(dn("slow"), "console:test")).contains("restored 1 values");
        assertThat(fingerprints("slow", "userCertificate")).containsExactlyInAnyOrder(Fingerprints.sha256(good),
                Fingerprints.sha256(expired));
    }

    @Test
    void aUsersRowsAreRecordedAllOrNone() {
        byte[] value = certificate("erin", 400, 60);
        HygienePlan plan = new HygienePlan("erin-id", dn("erin"), "erin@hygiene.example", List.of(
                new HygienePlan.Removal("userCertificate", value, Fingerprints.sha256(value), "expired"),
                new HygienePlan.Removal("userSMIMECertificate;" + "x".repeat(64), value, Fingerprints.sha256(value), "duplicate")),
                List.of(), null);

        assertThatThrownBy(() -> removals.record("all-or-none", plan)).isInstanceOf(DataAccessException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hygiene_removal WHERE user_id = 'erin-id'", Integer.class)).isZero();
    }

    @Test
    void aRunThatFailsAtItsStartOrAtItsEndLeavesTheNextRunFree() throws Exception {
        SERVER.add(user("dave", List.of(certificate("dave", 1, -300), certificate("dave", 400, 60)), List.of()));
        jdbc.execute("ALTER TABLE hygiene_removal RENAME TO hygiene_removal_away");
        try {
            assertThat(hygiene()).as("the run could not read the restored values: no report").isNull();
        } finally {
            jdbc.execute("ALTER TABLE hygiene_removal_away RENAME TO hygiene_removal");
        }
        assertThat(operations.run("test", true)).startsWith("Hygiene run").contains("DRY_RUN");

        jdbc.execute("ALTER TABLE synchronized_recipient RENAME TO synchronized_recipient_away");
        HygieneReport failed;
        try {
            failed = hygiene();
        } finally {
            jdbc.execute("ALTER TABLE synchronized_recipient_away RENAME TO synchronized_recipient");
        }
        assertThat(failed).as("the run that failed at its end still has its report").isNotNull();
        assertThat(failed.status()).isEqualTo("FAILED");
        assertThat(failed.message()).contains("the recipients' paths are not in this report");
        assertThat(failed.valuesRemoved()).isEqualTo(1);

        assertThat(hygiene()).isNotNull().satisfies(next -> assertThat(next.status()).isEqualTo("SUCCEEDED"));
    }

    @Test
    void aRunOfTheDirectoryGoingElsewhereKeepsThisOneFromStarting() throws Exception {
        SERVER.add(user("erin", List.of(certificate("erin", 1, -300), certificate("erin", 400, 60)), List.of()));

        // as another node's run would: the directory's hygiene lock is taken
        try (ExclusiveTaskLock.Held elsewhere = hygieneLock.tryTake().orElseThrow()) {
            assertThat(operations.run("test", false)).startsWith("not started: ")
                    .contains("a hygiene run of this directory is in progress on another node");
            assertThat(MODIFIES).isEmpty();
        }

        assertThat(operations.run("test", false)).startsWith("Hygiene run").contains("SUCCEEDED");
        assertThat(MODIFIES).hasSize(1);
    }

    private HygieneReport hygiene() {
        return producer.request("direct:hygiene-run", exchange -> exchange.setProperty(HygieneRuns.TRIGGER, "test"))
                .getMessage().getBody(HygieneReport.class);
    }

    private static void modify(String name, ModificationType type, String attribute, byte[] value) {
        try {
            SERVER.modify(dn(name), new Modification(type, attribute, value));
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
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

                @Override
                public void processModifyResult(InMemoryInterceptedModifyResult result) {
                    try {
                        // applied, but the answer comes too late (or never): as a directory whose connection drops
                        if (result.getRequest().getDN().equals(dn("slow"))) SLOW_ANSWER.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
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
