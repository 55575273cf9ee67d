-- The database's own guards, ported from the SQLite triggers of drizzle/0001, 0003 and 0004 with the same
-- messages (the app and its tests match on them): the audit log and the review threads are append-only, an
-- exported claim package is frozen. The ledger rollup triggers (drizzle/0005–0009) are not ported: on
-- PostgreSQL the application keeps cost_rollups (docs/decisions/036-postgresql-schema.md).
--
-- One function refuses for every guard; the trigger passes the message, and its WHEN clause says when, as
-- the SQLite trigger's did. SQLSTATE 23000 (integrity_constraint_violation): SQLite reports these as
-- SQLITE_CONSTRAINT_TRIGGER, a constraint failure too.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'integrity_constraint_violation';
END;
$$;
--> statement-breakpoint
-- The audit log: the one change allowed is sealing an entry written before the hash chain existed (hash still
-- NULL), and then only its two chain columns (server/audit-chain.ts). SQLite lists the other columns one by
-- one; here every column but the two is compared, so a column added later is guarded without a new trigger.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW
WHEN (OLD.hash IS NOT NULL OR (to_jsonb(NEW) - 'hash' - 'prev_hash') IS DISTINCT FROM (to_jsonb(OLD) - 'hash' - 'prev_hash'))
EXECUTE FUNCTION refuse_change('audit_log is append-only');
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW
EXECUTE FUNCTION refuse_change('audit_log is append-only');
--> statement-breakpoint
-- TRUNCATE skips row triggers (SQLite has no TRUNCATE: its DELETE of every row fires them).
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT
EXECUTE FUNCTION refuse_change('audit_log is append-only');
--> statement-breakpoint
-- A review thread is a record of what was said: it is never edited or removed either.
CREATE TRIGGER line_reviews_no_update BEFORE UPDATE ON line_reviews FOR EACH ROW
EXECUTE FUNCTION refuse_change('line_reviews is append-only');
--> statement-breakpoint
CREATE TRIGGER line_reviews_no_delete BEFORE DELETE ON line_reviews FOR EACH ROW
EXECUTE FUNCTION refuse_change('line_reviews is append-only');
--> statement-breakpoint
CREATE TRIGGER line_reviews_no_truncate BEFORE TRUNCATE ON line_reviews FOR EACH STATEMENT
EXECUTE FUNCTION refuse_change('line_reviews is append-only');
--> statement-breakpoint
-- An exported claim package (status 'ready') is frozen; one still 'building' may be finished or removed.
CREATE TRIGGER claim_packages_frozen_update BEFORE UPDATE ON claim_packages FOR EACH ROW
WHEN (OLD.status = 'ready')
EXECUTE FUNCTION refuse_change('an exported claim package is frozen');
--> statement-breakpoint
CREATE TRIGGER claim_packages_frozen_delete BEFORE DELETE ON claim_packages FOR EACH ROW
WHEN (OLD.status = 'ready')
EXECUTE FUNCTION refuse_change('an exported claim package is frozen');
--> statement-breakpoint
-- A statement trigger sees no rows, so TRUNCATE is refused while any package is ready (as a DELETE would be).
CREATE FUNCTION claim_packages_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  frozen boolean;
BEGIN
  -- The table is named from the trigger, so the caller's search_path does not matter.
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I WHERE status = %L)', TG_TABLE_SCHEMA, TG_TABLE_NAME, 'ready') INTO frozen;
  IF frozen THEN
    RAISE EXCEPTION USING MESSAGE = 'an exported claim package is frozen', ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER claim_packages_frozen_truncate BEFORE TRUNCATE ON claim_packages FOR EACH STATEMENT
EXECUTE FUNCTION claim_packages_refuse_truncate();
