package org.certsync.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import javax.naming.directory.SearchControls;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streamed, paged read against a real LDAP server over a socket: every user once, a page at a time. */
class StreamedDirectoryReadTest {

    private static final int USERS = 1_234;
    private static TestLdapServer server;

    @BeforeAll
    static void startDirectory() {
        server = TestLdapServer.start();
        server.addUsers(USERS);
    }

    @AfterAll
    static void stopDirectory() {
        server.stop();
    }

    @BeforeEach
    void noFaults() {
        server.failSearchRequest(0);
    }

    @ParameterizedTest(name = "page size {0}")
    @ValueSource(ints = {1, 100, 617, 1_234, 5_000})
    void everyUserIsReadExactlyOnceWhateverThePageSize(int pageSize) {
        UserPages<DirectoryUser> read = read(TestLdapServer.USER_FILTER, pageSize);
        List<String> ids = new ArrayList<>();

        read.forEachRemaining(page -> page.forEach(user -> ids.add(user.id())));

        assertThat(ids).hasSize(USERS).doesNotHaveDuplicates();
        assertThat(read.complete()).isTrue();
    }

    @Test
    void usersWithoutMailOrCertificatesOrInDeeperUnitsAreRead() {
        Set<String> mails = new HashSet<>();
        int withoutMail = 0;
        for (Iterator<List<DirectoryUser>> pages = read(TestLdapServer.USER_FILTER, 100); pages.hasNext(); ) {
            for (DirectoryUser user : pages.next()) {
                if (user.mail() == null) withoutMail++;
                else mails.add(user.mail());
            }
        }

        assertThat(withoutMail).isEqualTo(server.usersWithoutMail());
        assertThat(mails).hasSize(USERS - withoutMail).contains(server.userInNestedUnit());
    }

    @Test
    void referencesToOtherServersLikeActiveDirectoryPartitionsDoNotCutTheRead() {
        UserPages<DirectoryUser> read = read(TestLdapServer.USER_FILTER, 1_000);
        long users = 0;
        while (read.hasNext()) users += read.next().size();

        assertThat(users).isEqualTo(USERS);
        assertThat(read.complete()).isTrue();
    }

    @Test
    void aBaseHeldByAnotherServerFailsTheRead() {
        PagedSearch search = new PagedSearch(server.connection().open(), TestLdapServer.ELSEWHERE,
                TestLdapServer.USER_FILTER, controls(), 100);

        assertThatThrownBy(() -> new UserPages<>(search, new DirectoryEntries()::toUsers).hasNext())
                .isInstanceOf(DirectoryUnavailableException.class)
                .hasMessageContaining("certsync.ldap.base-dn=" + TestLdapServer.ELSEWHERE);
    }

    @Test
    void pagesAreFetchedWhenAskedForAndOneAhead() {
        int before = server.searchRequests();
        UserPages<DirectoryUser> read = read(TestLdapServer.USER_FILTER, 100);
        int opened = server.searchRequests() - before;

        List<DirectoryUser> first = read.next();
        List<DirectoryUser> second = read.next();

        assertThat(opened).as("nothing is read before the first page is asked for").isZero();
        assertThat(first).hasSize(100);
        assertThat(second).hasSize(100);
        // the third page is read while the second is worked on; no fourth until the third is taken
        await().atMost(Duration.ofSeconds(10)).until(() -> server.searchRequests() - before == 3);
        assertThat(read.hasNext()).isTrue();
        assertThat(read.complete()).isFalse();
        assertThat(read.next()).hasSize(100);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.searchRequests() - before == 4);
    }

    @Test
    void aPageFailingMidwayEndsTheReadIncompleteNamingTheSettings() {
        UserPages<DirectoryUser> read = read(TestLdapServer.USER_FILTER, 100);
        int before = server.searchRequests();
        read.next();
        // pages 1 and 2 are asked for by now or soon (2 is read ahead); the third request fails
        server.failSearchRequest(before + 3);
        read.next();

        assertThat(read.hasNext()).as("a page is being read").isTrue();
        assertThatThrownBy(read::next)
                .isInstanceOf(DirectoryUnavailableException.class)
                .hasMessageContaining("certsync.ldap.base-dn=" + TestLdapServer.BASE)
                .hasMessageContaining("failed on page 3 after 200 entries");
        assertThat(read.complete()).isFalse();
    }

    @Test
    void noUserInScopeGivesNoPageAndACompleteRead() {
        UserPages<DirectoryUser> read = read("(mail=nobody@corp.example)", 100);

        assertThat(read.hasNext()).isFalse();
        assertThat(read.complete()).isTrue();
    }

    @Test
    void unknownBaseFailsTheFirstPageNamingTheSetting() {
        PagedSearch search = new PagedSearch(server.connection().open(), "ou=missing," + TestLdapServer.BASE,
                TestLdapServer.USER_FILTER, controls(), 100);

        assertThatThrownBy(() -> new UserPages<>(search, new DirectoryEntries()::toUsers).hasNext())
                .isInstanceOf(DirectoryUnavailableException.class)
                .hasMessageContaining("certsync.ldap.base-dn=ou=missing," + TestLdapServer.BASE)
                .hasMessageContaining("failed on page 1");
    }

    @Test
    void aReadThatDropsAnEntryReachesTheEndButIsNotCompleteAndNamesTheEntry() {
        String dn = read(TestLdapServer.USER_FILTER, 100).next().get(7).dn();
        DroppingEntries entries = new DroppingEntries();
        entries.makeUnreadable(dn);
        UserPages<DirectoryUser> read = read(TestLdapServer.USER_FILTER, 100, entries);
        long users = 0;

        while (read.hasNext()) users += read.next().size();

        assertThat(users).isEqualTo(USERS - 1);
        assertThat(read.reachedEnd()).isTrue();
        assertThat(read.complete()).isFalse();
        assertThat(read.droppedCount()).isEqualTo(1);
        assertThat(read.dropped()).singleElement().satisfies(dropped -> {
            assertThat(dropped.dn()).isEqualToIgnoringCase(dn);
            assertThat(dropped.cause()).endsWith("objectGUID has 3 bytes");
        });
    }

    private static UserPages<DirectoryUser> read(String filter, int pageSize) {
        return read(filter, pageSize, new DirectoryEntries());
    }

    private static UserPages<DirectoryUser> read(String filter, int pageSize, DirectoryEntries entries) {
        PagedSearch search = new PagedSearch(server.connection().open(), TestLdapServer.BASE, filter, controls(), pageSize);
        return new UserPages<>(search, entries::toUsers);
    }

    private static SearchControls controls() {
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        controls.setReturningAttributes(DirectoryEntries.RETURNED_ATTRIBUTES.split(","));
        return controls;
    }
}
