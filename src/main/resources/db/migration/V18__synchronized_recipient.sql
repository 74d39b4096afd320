-- Recipients that Exchange Online masters elsewhere: synchronized from on-premises AD by Entra Connect, so a cloud-side
-- write is refused ("out of the current user's write scope"). Their certificates take the directory path (the
-- directory is cleaned, Entra Connect carries what is left), and a run does not send them writes that fail.
-- source: 'refused' (Exchange Online refused a write; tried again after certsync.hybrid.recheck-after) or
-- 'configured' (the entry is in one of certsync.hybrid.synchronized-units).
CREATE TABLE synchronized_recipient (
    tenant      VARCHAR(255) NOT NULL,
    recipient   VARCHAR(320) NOT NULL,
    user_id     VARCHAR(255),
    source      VARCHAR(16)  NOT NULL,
    detected_at TIMESTAMP WITH TIME ZONE NOT NULL,
    checked_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant, recipient)
);
