-- A run's index of the recipients it has seen is now in the run's memory (SeenRecipients: 16 bytes a recipient): a
-- row inserted per user and deleted at the run's end was most of what a reconcile with nothing changed cost.
DROP TABLE run_recipient;
