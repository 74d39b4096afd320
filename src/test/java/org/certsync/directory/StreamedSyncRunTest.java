package org.certsync.directory;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.catalog.EndpointValidationResult;
import org.apache.camel.catalog.impl.CamelContextJSonSchemaResolver;
import org.apache.camel.catalog.impl.DefaultRuntimeCamelCatalog;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.sync.RunReport;
import org.certsync.sync.ReadPlanner;
import org.certsync.sync.RunStatus;
import org.certsync.sync.SyncRuns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.certsync.testsupport.TenantFixture;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The sync run over a directory read page by page: all pages counted; a failed or empty read fails the run. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.scheduler.enabled=false",
        "certsync.ldap.url=${certsync.test.streamed-directory-url}",
        "certsync.ldap.bind-dn=" + TestLdapServer.BIND_DN,
        "certsync.ldap.password=" + TestLdapServer.PASSWORD,
        "certsync.ldap.base-dn=" + TestLdapServer.BASE,
        "certsync.ldap.user-filter=" + TestLdapServer.USER_FILTER,
        "certsync.ldap.page-size=50",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/streamed-sync-run/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/streamed-sync-run/last-run.json"})
class StreamedSyncRunTest {

    /** Outside the demo: a directory of its own, and the simulated tenant as a fixture. */
    @DynamicPropertySource
    static void tenant(DynamicPropertyRegistry registry) {
        TenantFixture.register(registry);
    }

    private static final int USERS = 120;
    private static final TestLdapServer DIRECTORY = TestLdapServer.start();

    static {
        DIRECTORY.addUsers(USERS);
        // a system property, because the demo defaults are decided before dynamic test properties exist
        System.setProperty("certsync.test.streamed-directory-url", DIRECTORY.url());
    }

    @Autowired
    ProducerTemplate producer;
    @Autowired
    CamelContext camel;
    @Autowired
    SyncRuns runs;

    @AfterEach
    void healthyDirectory() {
        DIRECTORY.failSearchRequest(0);
        DIRECTORY.findNobody(false);
    }

    @Test
    void theReadIsCamelLdapsEndpointDescribedByCamelLdapsOwnMetadata() throws Exception {
        Endpoint read = camel.getEndpoints().stream().filter(e -> e.getEndpointUri().startsWith("ldap:")).findFirst().orElseThrow();
        DefaultRuntimeCamelCatalog catalog = new DefaultRuntimeCamelCatalog();
        catalog.setCamelContext(camel);
        catalog.setJSonSchemaResolver(new CamelContextJSonSchemaResolver(camel));

        EndpointValidationResult validation = catalog.validateEndpointProperties(read.getEndpointUri());

        assertThat(read).isInstanceOf(org.apache.camel.component.ldap.LdapEndpoint.class);
        assertThat(validation.isSuccess()).as(validation.summaryErrorMessage(false)).isTrue();
        assertThat(catalog.componentModel("ldap").getEndpointOptions()).extracting(o -> o.getName())
                .contains("dirContextName", "base", "scope", "pageSize", "returnedAttributes");
        assertThat(((org.apache.camel.component.ldap.LdapEndpoint) read).getPageSize()).isEqualTo(50);
    }

    @Test
    void everyPageIsSyncedAndTheReadIsMarkedComplete() {
        Exchange run = sync();

        RunReport report = runs.lastReport().orElseThrow();
        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report.usersScanned()).isEqualTo(USERS);
        assertThat(readComplete(run)).isTrue();
    }

    @Test
    void aPageFailingMidwayFailsTheRunAndTheReadStaysIncomplete() {
        DIRECTORY.failSearchRequest(DIRECTORY.searchRequests() + 2);

        Exchange run = sync();

        RunReport report = runs.lastReport().orElseThrow();
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.message()).contains("failed on page 2 after 50 entries").contains("certsync.ldap.base-dn");
        assertThat(report.usersScanned()).isEqualTo(50);
        assertThat(readComplete(run)).isFalse();
        assertThat(runs.isRunning()).isFalse();
    }

    @Test
    void aReadFindingNobodyFailsTheRun() {
        DIRECTORY.findNobody(true);

        Exchange run = sync();

        RunReport report = runs.lastReport().orElseThrow();
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.message()).contains("the directory returned no user");
        assertThat(report.usersScanned()).isZero();
    }

    /** Full reads: every run reads every page. */
    private Exchange sync() {
        return producer.send("direct:sync-run", exchange -> exchange.getMessage().setHeader(ReadPlanner.FULL_READ, true));
    }

    /** As a later route step would ask, e.g. before removing recipients that were not read. */
    private static boolean readComplete(Exchange run) {
        return run.getContext().resolveLanguage("simple")
                .createExpression("${exchangeProperty." + UserPages.PROPERTY + ".complete}").evaluate(run, Boolean.class);
    }
}
