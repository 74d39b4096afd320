-- Each recipient's Exchange Online type as looked up once with Get-Recipient (certsync.exchange.cmdlet=Auto).
CREATE TABLE recipient_type (
    recipient   VARCHAR(320) NOT NULL PRIMARY KEY,
    type        VARCHAR(64)  NOT NULL,
    looked_up   TIMESTAMP WITH TIME ZONE NOT NULL
);
