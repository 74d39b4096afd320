-- Per tenant, the set of issuing CAs CertSync last uploaded with Set-SmimeConfig -SMIMECertificateIssuingCA (the CA
-- certificates of certsync.policy.trust-store): its digest (SHA-256 over the sorted SHA-256 fingerprints) and the
-- fingerprints themselves, so that a CA that left the trust store is known as CertSync's to remove when merging.
-- Fingerprints only, never certificates; every change also goes to audit_change.
CREATE TABLE issuing_ca_upload (
    tenant       VARCHAR(255)  NOT NULL PRIMARY KEY,
    ca_set       CHAR(64)      NOT NULL,
    fingerprints VARCHAR(8000) NOT NULL,
    uploaded_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    upload_id    VARCHAR(64)   NOT NULL,
    uploaded_by  VARCHAR(255)  NOT NULL
);
