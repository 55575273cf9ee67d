-- Indexes for the reads that scanned every line (docs/decisions/034-reads-that-stay-quick.md): the claim summary's
-- list of left-out lines, per (category, stage) in date order; and the first day each right to claim arose,
-- one partial expression index each (the expressions and conditions are RIGHT_AROSE in server/db/schema.ts;
-- drizzle-kit writes an expression column as quoted pieces, so these two lines were put right by hand).
CREATE INDEX `costs_incident_group_incurred` ON `costs` (`incident_id`,`category`,`stage`,`incurred_on`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `costs_incident_first_cost_paid` ON `costs` (`incident_id`,COALESCE(paid_on, incurred_on)) WHERE deleted_at IS NULL AND review_decision IS NOT 'disallow' AND category NOT IN ('damages', 'uncovered') AND stage = 'paid';--> statement-breakpoint
CREATE INDEX `costs_incident_first_damages_fixed` ON `costs` (`incident_id`,COALESCE(agreed_on, paid_on, incurred_on)) WHERE deleted_at IS NULL AND review_decision IS NOT 'disallow' AND category = 'damages' AND stage IN ('agreed', 'paid');
