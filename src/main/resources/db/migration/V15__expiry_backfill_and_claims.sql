-- Recipients recorded before V13 have no last expiry until their certificates change, and settled users are not
-- judged again: forget their kept judgements, so the next run judges them once more and its unchanged step keeps the
-- last expiry of what they carry (PublishedState.carriesKeepingLastExpiry). A cache: nothing else is lost.
DELETE FROM judged_recipient WHERE EXISTS (SELECT 1 FROM published_state p WHERE p.tenant = judged_recipient.tenant
    AND p.recipient = judged_recipient.recipient AND p.last_expires_at IS NULL
    AND (p.user_certificate <> '' OR p.user_smime_certificate <> ''));

-- An expiry warning is claimed by inserting its row before it is posted (warned_at: when claimed; a second run that
-- finds the row skips it, a refused post deletes it again) and marked sent_at once the webhook took it; a claim never
-- marked sent (its node stopped mid-post) is released after a while. The key holds the last expiry: a renewed
-- certificate that nears its end too is warned of again. Rebuilt rather than altered, as H2 and PostgreSQL drop a
-- primary key differently.
CREATE TABLE expiry_warning_claim (
    tenant          VARCHAR(255) NOT NULL,
    recipient       VARCHAR(320) NOT NULL,
    warning_window  VARCHAR(8)   NOT NULL,
    last_expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    warned_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at         TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (tenant, recipient, warning_window, last_expires_at)
);
INSERT INTO expiry_warning_claim (tenant, recipient, warning_window, last_expires_at, warned_at, sent_at)
    SELECT tenant, recipient, warning_window, last_expires_at, warned_at, warned_at FROM expiry_warning;
DROP TABLE expiry_warning;
ALTER TABLE expiry_warning_claim RENAME TO expiry_warning;
