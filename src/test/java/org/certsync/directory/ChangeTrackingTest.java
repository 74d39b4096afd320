package org.certsync.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class ChangeTrackingTest {

    @Test
    void usnDeltaAsksForTheEntriesAboveTheMark() {
        assertThat(ChangeTracking.USN.changedSince("3942", Duration.ofMinutes(5))).isEqualTo("(uSNChanged>=3943)");
    }

    @Test
    void objectGuidFilterUsesTheBytesAsActiveDirectoryStoresThem() {
        // invocationId of a Samba domain controller, as ldapsearch shows it (base64) and as CertSync writes it
        byte[] stored = Base64.getDecoder().decode("YfLQTLLdS0KC3s3UdXXTUQ==");
        String id = DirectoryEntries.guidString(stored);

        assertThat(id).isEqualTo("4cd0f261-ddb2-424b-82de-cdd47575d351");
        assertThat(ChangeTracking.USN.entryWithId(id))
                .isEqualTo("(objectGUID=\\61\\f2\\d0\\4c\\b2\\dd\\4b\\42\\82\\de\\cd\\d4\\75\\75\\d3\\51)");
    }

    @Test
    void modifyTimestampDeltaReachesBackTheMarginToAWholeSecond() {
        assertThat(ChangeTracking.MODIFY_TIMESTAMP.changedSince("2026-11-26T23:11:07.853Z", Duration.ofMinutes(5)))
                .isEqualTo("(modifyTimestamp>=20261126230607.000Z)");
        assertThat(ChangeTracking.MODIFY_TIMESTAMP.changedSince("2026-11-26T23:11:07.853Z", Duration.ZERO))
                .isEqualTo("(modifyTimestamp>=20261126231107.000Z)");
    }

    @Test
    void entryUuidFilterForOtherDirectories() {
        assertThat(ChangeTracking.MODIFY_TIMESTAMP.entryWithId("4cd0f261-ddb2-424b-82de-cdd47575d351"))
                .isEqualTo("(entryUUID=4cd0f261-ddb2-424b-82de-cdd47575d351)");
    }

    @Test
    void anIdThatIsADnCannotBeSearchedFor() {
        assertThat(ChangeTracking.MODIFY_TIMESTAMP.entryWithId("uid=alice,ou=people,dc=example")).isNull();
        assertThat(ChangeTracking.USN.entryWithId("cn=alice,dc=corp,dc=example")).isNull();
    }
}
