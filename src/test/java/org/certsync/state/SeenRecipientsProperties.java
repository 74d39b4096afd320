package org.certsync.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/** The run's in-memory index answers as a plain map of address to first entry would, past every growth. */
class SeenRecipientsProperties {

    record Entered(String recipient, String userId) {
    }

    @Property(tries = 200)
    void answersLikeAMapOfAddressToFirstEntry(@ForAll("runs") List<Entered> run, @ForAll("addresses") List<String> asked) {
        SeenRecipients seen = new SeenRecipients();
        Map<String, String> first = new HashMap<>();
        int sharedEntries = 0;
        for (Entered entered : run) {
            String before = first.putIfAbsent(entered.recipient(), entered.userId());
            boolean shared = before != null && !before.equals(entered.userId());
            assertThat(seen.enter(entered.recipient(), entered.userId())).as("shared %s", entered).isEqualTo(shared);
            if (shared) sharedEntries++;
        }
        assertThat(seen.size()).isEqualTo(first.size());
        for (String recipient : first.keySet()) assertThat(seen.seen(recipient)).as(recipient).isTrue();
        for (String recipient : asked) assertThat(seen.seen(recipient)).as(recipient).isEqualTo(first.containsKey(recipient));
        // the table starts at 4,096 slots and grows past half full
        Statistics.label("table").collect(first.size() > 2048 ? "grew" : "initial");
        Statistics.label("entries").collect(sharedEntries > 0 ? "some shared" : "none shared");
        Statistics.label("table").coverage(coverage -> coverage.check("grew").percentage(p -> p > 10));
        Statistics.label("entries").coverage(coverage -> coverage.check("some shared").percentage(p -> p > 20));
    }

    @Test
    void aDeletedEntrysAddressIsSeenUntilItsReadAgainFindsNone() {
        SeenRecipients seen = new SeenRecipients();
        seen.seenUntilReread("left@example.org");
        seen.seenUntilReread("kept@example.org");
        assertThat(seen.seen("left@example.org")).isTrue();

        seen.reread("left@example.org", List.of());
        seen.reread("kept@example.org", List.of("entry-2"));

        assertThat(seen.seen("left@example.org")).isFalse();
        assertThat(seen.seen("kept@example.org")).isTrue();
    }

    @Test
    void aReadAgainKeepsWhatThePagesSaw() {
        SeenRecipients seen = new SeenRecipients();
        seen.enter("both@example.org", "entry-1");
        seen.reread("both@example.org", List.of());
        assertThat(seen.seen("both@example.org")).isTrue();
    }

    @Test
    void tenThousandDistinctAddressesHaveDistinctHashes() {
        Set<Long> hashes = new HashSet<>();
        for (int i = 0; i < 10_000; i++) hashes.add(SeenRecipients.hash("user" + i + "@example.org"));
        assertThat(hashes).hasSize(10_000).doesNotContain(0L);
    }

    @Provide
    Arbitrary<List<Entered>> runs() {
        // few addresses and entries, so that addresses repeat and several entries share some; up to 10,000 so that
        // the table grows
        Arbitrary<String> recipient = Arbitraries.integers().between(0, 6000).map(i -> "user" + i + "@example.org");
        Arbitrary<String> entry = Arbitraries.integers().between(0, 3).map(i -> "entry-" + i);
        return Combinators.combine(recipient, entry).as(Entered::new).list().ofMaxSize(10_000)
                .withSizeDistribution(RandomDistribution.uniform());
    }

    @Provide
    Arbitrary<List<String>> addresses() {
        return Arbitraries.integers().between(0, 12000).map(i -> "user" + i + "@example.org").list().ofMaxSize(50);
    }
}
