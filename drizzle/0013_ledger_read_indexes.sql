-- Reads that stay quick on 100,000 lines (docs/decisions/034-reads-that-stay-quick.md). The figures index is
-- rebuilt with each (category, stage) in date order, then id: the claim summary lists the first left-out lines of
-- a group and counts the lines outside the policy period from it, and it still covers the ledger's filtered totals.
-- The first day each right to claim arose: one partial expression index each (RIGHT_AROSE in server/db/schema.ts;
-- drizzle-kit writes an expression column as quoted pieces, so these two lines were put right by hand).
DROP INDEX `costs_incident_figures`;--> statement-breakpoint
CREATE INDEX `costs_incident_first_cost_paid` ON `costs` (`incident_id`,COALESCE(paid_on, incurred_on)) WHERE deleted_at IS NULL AND review_decision IS NOT 'disallow' AND category NOT IN ('damages', 'uncovered') AND stage = 'paid';--> statement-breakpoint
CREATE INDEX `costs_incident_first_damages_fixed` ON `costs` (`incident_id`,COALESCE(agreed_on, paid_on, incurred_on)) WHERE deleted_at IS NULL AND review_decision IS NOT 'disallow' AND category = 'damages' AND stage IN ('agreed', 'paid');--> statement-breakpoint
CREATE INDEX `costs_incident_figures` ON `costs` (`incident_id`,`category`,`stage`,`incurred_on`,`id`,`unit_amount`,`amount`,`quantity`,`source`,`incurred_abroad`) WHERE deleted_at IS NULL;
