-- Which expiry warnings the webhook received: one per recipient and window (7d, 30d) for the same last expiry, so a
-- recipient is warned again only when its certificates changed and the new ones near their end too.
CREATE TABLE expiry_warning (
    tenant          VARCHAR(255) NOT NULL,
    recipient       VARCHAR(320) NOT NULL,
    warning_window  VARCHAR(8)   NOT NULL,
    last_expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    warned_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant, recipient, warning_window)
);
