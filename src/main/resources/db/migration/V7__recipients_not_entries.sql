-- Recipients, not entries. run_recipient is one run's index of the recipients it has seen (a user is seen before its
-- certificates are judged, so a failure never clears it) and of those it defers to the end of the read because more
-- than one directory entry carries the address; the run deletes its rows when it ends. shared_recipient remembers the
-- addresses several entries shared at their last read, so that later runs defer them from the start.

CREATE TABLE run_recipient (
    tenant     VARCHAR(255) NOT NULL,
    run_id     VARCHAR(64)  NOT NULL,
    recipient  VARCHAR(320) NOT NULL,
    user_id    VARCHAR(255) NOT NULL,
    page       INTEGER      NOT NULL,
    deferred   BOOLEAN      NOT NULL,
    PRIMARY KEY (tenant, run_id, recipient, user_id)
);
CREATE INDEX run_recipient_page ON run_recipient (tenant, run_id, page);

CREATE TABLE shared_recipient (
    tenant     VARCHAR(255) NOT NULL,
    recipient  VARCHAR(320) NOT NULL,
    entries    INTEGER      NOT NULL,
    read_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant, recipient)
);
