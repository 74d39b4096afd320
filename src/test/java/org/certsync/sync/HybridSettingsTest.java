package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class HybridSettingsTest {

    @Test
    void unitsAreSeparatedBySemicolonsAndKeepTheirCommas() {
        HybridSettings settings = new HybridSettings(" OU=Staff,DC=corp,DC=example ;; OU=Sales,OU=Staff,DC=corp,DC=example",
                Duration.ofDays(7));

        assertThat(settings.units()).extracting(Object::toString)
                .containsExactly("OU=Staff,DC=corp,DC=example", "OU=Sales,OU=Staff,DC=corp,DC=example");
        assertThat(new HybridSettings("", Duration.ofDays(7)).units()).isEmpty();
    }

    @Test
    void aUnitThatIsNoDnOrNoRecheckRefusesTheStartNamingTheProperty() {
        assertThatThrownBy(() -> new HybridSettings("OU=Staff,DC=corp;Staff", Duration.ofDays(7)))
                .hasMessageContaining("certsync.hybrid.synchronized-units").hasMessageContaining("'Staff'");
        assertThatThrownBy(() -> new HybridSettings("", Duration.ZERO))
                .hasMessageContaining("certsync.hybrid.recheck-after");
    }
}
