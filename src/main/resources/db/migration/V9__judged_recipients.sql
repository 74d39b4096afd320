-- Per recipient: what its last verdict was judged from (a digest of the directory values and the policy), what it came
-- to, and until when time alone cannot change it. A reconcile passes over a user whose inputs are unchanged, whose
-- boundary has not passed and whose recipient carries that verdict: it is unchanged without being parsed or judged.
-- A cache: deleting its rows only makes the next run judge everyone again.
CREATE TABLE judged_recipient (
    tenant          VARCHAR(255)  NOT NULL,
    recipient       VARCHAR(320)  NOT NULL,
    user_id         VARCHAR(255)  NOT NULL,
    input_digest    CHAR(64)      NOT NULL,
    certificate_set CHAR(64)      NOT NULL,
    accepted        INTEGER       NOT NULL,
    rejected        VARCHAR(1000) NOT NULL,
    stable_until    TIMESTAMP WITH TIME ZONE,
    judged_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant, recipient)
);

-- A run now finds its earlier entries of a page's recipients by (tenant, run_id, recipient), the primary key's prefix,
-- in the page's one state query; the index by page had no reader left and only cost every insert.
DROP INDEX run_recipient_page;
