-- The ledger's running sums are kept by the write's own code (server/ledger/rollups.ts, decision 009), the same on
-- SQLite and PostgreSQL: the four triggers go, and the groups are recomputed from the live lines so they are exact.
DROP TRIGGER IF EXISTS `costs_rollup_insert`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `costs_rollup_delete`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `costs_rollup_update_out`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `costs_rollup_update_in`;--> statement-breakpoint
DELETE FROM `cost_rollups`;--> statement-breakpoint
INSERT INTO cost_rollups (incident_id, category, stage, unit_key, source, line_count, amount, quantity, abroad, disallowed_count, disallowed_amount,
                          disallowed_quantity, consent_missing, unapproved, tax_amount, disallowed_tax_amount)
SELECT incident_id, category, stage, COALESCE(unit_amount, -1), source, COUNT(*), SUM(amount), SUM(COALESCE(quantity, 0)), SUM(incurred_abroad),
       SUM(CASE WHEN review_decision = 'disallow' THEN 1 ELSE 0 END),
       SUM(CASE WHEN review_decision = 'disallow' THEN amount ELSE 0 END),
       SUM(CASE WHEN review_decision = 'disallow' THEN COALESCE(quantity, 0) ELSE 0 END),
       SUM(CASE WHEN needs_consent AND consent_on IS NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN claimed AND approved_at IS NULL THEN 1 ELSE 0 END),
       SUM(tax_amount),
       SUM(CASE WHEN review_decision = 'disallow' THEN tax_amount ELSE 0 END)
  FROM costs WHERE deleted_at IS NULL
 GROUP BY incident_id, category, stage, COALESCE(unit_amount, -1), source;
