-- When the last of a recipient's published certificates expires: once it is near, the recipient is about to carry
-- none, and the run report warns. Empty for recipients published before this column existed, until they change.
ALTER TABLE published_state ADD COLUMN last_expires_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX published_state_last_expires_at ON published_state (last_expires_at);
