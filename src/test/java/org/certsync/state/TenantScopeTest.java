package org.certsync.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.camel.ProducerTemplate;
import org.certsync.CertSyncApplication;
import org.certsync.demo.DemoCertificateAuthority;
import org.certsync.demo.DemoUsers;
import org.certsync.demo.EmbeddedDirectory;
import org.certsync.demo.simulator.ExchangeOnlineSimulator;
import org.certsync.demo.simulator.SimulatedRecipient;
import org.certsync.sync.ReadPlanner;
import org.certsync.sync.RunReport;
import org.certsync.sync.RunStatus;
import org.certsync.sync.SyncRuns;
import org.certsync.testsupport.TenantFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * State belongs to its tenant: one state database, one directory, CertSync pointed at one tenant and then another.
 * The second tenant starts fresh (nothing skipped as unchanged, nothing cleared); the first tenant's state is left as
 * it was; a filter change keeps the tenant's state and clears who left the scope through the deletion threshold.
 */
class TenantScopeTest {

    private static final String TENANT_A = "tenant-a-" + UUID.randomUUID();
    private static final String TENANT_B = "tenant-b-" + UUID.randomUUID();

    private final Path dir = Path.of("target/test-data/tenant-scope", UUID.randomUUID().toString());
    private final EmbeddedDirectory directory = new EmbeddedDirectory(0,
            DemoUsers.generate(new DemoCertificateAuthority("Tenant Scope Test CA")));
    private final ExchangeOnlineSimulator tenants = TenantFixture.simulator();

    @AfterEach
    void stopDirectory() {
        directory.destroy();
    }

    private ConfigurableApplicationContext certSync(String tenant, String userFilter) {
        List<String> arguments = new ArrayList<>(TenantFixture.arguments());
        arguments.addAll(List.of("--certsync.exchange.tenant-id=" + tenant,
                "--certsync.ldap.url=" + directory.url(),
                "--certsync.ldap.bind-dn=" + EmbeddedDirectory.BIND_DN,
                "--certsync.ldap.password=" + EmbeddedDirectory.BIND_PASSWORD,
                "--certsync.ldap.base-dn=" + EmbeddedDirectory.PEOPLE_DN,
                "--certsync.ldap.user-filter=" + userFilter,
                "--certsync.scheduler.enabled=false",
                "--server.port=0",
                "--spring.jmx.enabled=false",
                "--camel.main.routes-reload-enabled=false",
                "--spring.datasource.url=jdbc:h2:file:./" + dir.resolve("state/certsync"),
                "--certsync.report-file=" + dir.resolve("last-run.json"),
                "--certsync.report-dir=" + dir.resolve("history")));
        return new SpringApplicationBuilder(CertSyncApplication.class).run(arguments.toArray(String[]::new));
    }

    private static RunReport fullSync(ConfigurableApplicationContext certSync) {
        certSync.getBean(ProducerTemplate.class).sendBodyAndHeader("direct:sync-run", null, ReadPlanner.FULL_READ, true);
        return certSync.getBean(SyncRuns.class).lastReport().orElseThrow();
    }

    private static int rows(ConfigurableApplicationContext certSync, String tenant) {
        return certSync.getBean(JdbcTemplate.class).queryForObject(
                "SELECT COUNT(*) FROM published_state WHERE tenant = ?", Integer.class, tenant);
    }

    @Test
    void anotherTenantStartsFreshAndAFilterChangeClearsOnlyThroughTheThreshold() {
        RunReport a;
        try (ConfigurableApplicationContext first = certSync(TENANT_A, "(objectClass=inetOrgPerson)")) {
            a = fullSync(first);
        }
        assertThat(a.published()).isPositive();
        List<SimulatedRecipient> tenantA = tenants.recipients(TENANT_A);

        try (ConfigurableApplicationContext second = certSync(TENANT_B, "(objectClass=inetOrgPerson)")) {
            RunReport b = fullSync(second);

            // the other tenant's state is not this one's: every recipient is published to it, none skipped or cleared
            assertThat(b.published()).isEqualTo(a.published());
            assertThat(b.unchanged()).isEqualTo(a.unchanged());
            assertThat(b.cleared()).isZero();
            assertThat(tenants.recipients(TENANT_B)).hasSize(tenantA.size());
            assertThat(tenants.recipients(TENANT_A)).isEqualTo(tenantA);
            assertThat(rows(second, TENANT_A)).isEqualTo(rows(second, TENANT_B));
        }

        // back to the first tenant with a narrower filter: its state is still there; who left the scope is a clear,
        // and clearing most recipients at once is above the deletion threshold
        try (ConfigurableApplicationContext narrowed = certSync(TENANT_A, "(&(objectClass=inetOrgPerson)(uid=user0*))")) {
            RunReport narrow = fullSync(narrowed);

            assertThat(narrow.published()).isZero();
            assertThat(narrow.unchanged()).isPositive();
            assertThat(narrow.status()).isEqualTo(RunStatus.THRESHOLD_EXCEEDED);
            assertThat(narrow.clearsHeldBack()).isPositive();
            assertThat(narrow.cleared()).isZero();
            assertThat(tenants.recipients(TENANT_A)).isEqualTo(tenantA);
            assertThat(rows(narrowed, TENANT_B)).isEqualTo(rows(narrowed, TENANT_A));
        }
    }
}
