-- Delta sync: where the last complete read left the directory, so the next run reads only what changed after it.
-- One row; scope_hash covers the directory URL, base DN, user filter and policy settings: when any of them changes,
-- the next run is a full read.
CREATE TABLE directory_cursor (
    id                 VARCHAR(20)   NOT NULL PRIMARY KEY,
    scope_hash         CHAR(64)      NOT NULL,
    tracking           VARCHAR(20)   NOT NULL,
    server_id          VARCHAR(64),
    server             VARCHAR(1000) NOT NULL,
    mark               VARCHAR(40)   NOT NULL,
    last_full_read_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    full_read_required VARCHAR(1000),
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Users the next delta run reads although their entry did not change (the policy could not decide last time).
CREATE TABLE revisit_user (
    user_id VARCHAR(255) NOT NULL PRIMARY KEY,
    reason  VARCHAR(200) NOT NULL
);

-- When the first of a recipient's published certificates expires: delta runs read the user again from then on.
-- Empty for recipients published before this column existed; the full reconcile covers them.
ALTER TABLE published_state ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX published_state_expires_at ON published_state (expires_at);
