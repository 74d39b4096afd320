-- What CertSync last published successfully to each recipient: the idempotent repository.
CREATE TABLE published_state (
    recipient              VARCHAR(320)  NOT NULL PRIMARY KEY,
    user_id                VARCHAR(255)  NOT NULL,
    certificate_set        CHAR(64)      NOT NULL,
    user_certificate       VARCHAR(8000) NOT NULL,
    user_smime_certificate VARCHAR(8000) NOT NULL,
    published_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    run_id                 VARCHAR(64)   NOT NULL
);
