-- Recipients whose publish failed and did not recover within the run's retries; retried on every run.
CREATE TABLE dead_letter (
    recipient   VARCHAR(320)  NOT NULL PRIMARY KEY,
    user_id     VARCHAR(255),
    kind        VARCHAR(40)   NOT NULL,
    reason      VARCHAR(2000) NOT NULL,
    first_seen  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen   TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts    INTEGER       NOT NULL
);
