package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.demo.DemoUsers;
import org.certsync.demo.simulator.MailRecipientType;
import org.certsync.demo.simulator.LoggedRequest;
import org.certsync.state.DeadLetters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** certsync.exchange.cmdlet=Auto: each recipient's type is looked up once and picks its Set-* cmdlet. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "certsync.exchange.cmdlet=Auto",
        "certsync.simulator.auto-create-recipients=false",
        "certsync.ldap.user-filter=(uid=typed-*)",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/recipient-type/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/recipient-type/last-run.json"})
class RecipientTypeFlowTest extends SyncFlowSupport {

    @Autowired
    DeadLetters deadLetters;

    @Test
    void eachRecipientIsSetWithTheCmdletOfItsTypeLookedUpOnce() {
        Map<String, MailRecipientType> types = Map.of("typed-mailbox", MailRecipientType.USER_MAILBOX,
                "typed-mailuser", MailRecipientType.MAIL_USER, "typed-contact", MailRecipientType.MAIL_CONTACT);
        types.forEach((uid, type) -> {
            addUser(uid);
            simulator.register(DemoUsers.mail(uid), type, false);
        });
        addUser("typed-unknown");

        RunReport first = sync();

        types.forEach((uid, type) -> assertThat(setCalls()).filteredOn(r -> r.identity().equals(DemoUsers.mail(uid)))
                .extracting(LoggedRequest::cmdlet, LoggedRequest::status).containsExactly(tuple(type.setCmdlet(), 200)));
        assertThat(lookups()).hasSize(4);
        assertThat(first.published()).isEqualTo(3);
        assertThat(deadLetters.list()).singleElement().satisfies(dead -> {
            assertThat(dead.recipient()).isEqualTo(DemoUsers.mail("typed-unknown"));
            assertThat(dead.reason()).contains("does not exist in Exchange Online");
        });

        simulator.clearRequests();
        directory.addValue("typed-contact", "userCertificate", ca.issue(ca.leaf(DemoUsers.mail("typed-contact"))));
        sync();

        // known types are not asked again; the unknown recipient is retried as a dead letter
        assertThat(lookups()).extracting(LoggedRequest::identity).containsExactly(DemoUsers.mail("typed-unknown"));
        assertThat(setCalls()).extracting(LoggedRequest::cmdlet).containsExactly("Set-MailContact");
    }

    private List<LoggedRequest> lookups() {
        return simulator.requests().stream().filter(r -> "Get-Recipient".equals(r.cmdlet())).toList();
    }

}
