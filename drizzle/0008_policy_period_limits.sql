-- The policy year (docs/rules.md, docs/decisions/018): the policy's new terms, persons affected and the
-- settlement split of an incident, the damages stages, and the rollups keyed by source as well.
ALTER TABLE `costs` ADD `agreed_on` text;--> statement-breakpoint
ALTER TABLE `costs` ADD `needs_consent` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `costs` ADD `claimed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `incidents` ADD `persons_affected` integer;--> statement-breakpoint
ALTER TABLE `incidents` ADD `settled_expense` integer;--> statement-breakpoint
ALTER TABLE `incidents` ADD `settled_restoration` integer;--> statement-breakpoint
ALTER TABLE `incidents` ADD `settled_liability` integer;--> statement-breakpoint
ALTER TABLE `policies` ADD `liability_limit_per_claim` integer;--> statement-breakpoint
ALTER TABLE `policies` ADD `defence_costs` text DEFAULT 'within_limit' NOT NULL;--> statement-breakpoint
ALTER TABLE `policies` ADD `restoration_ratio_percent` integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE `policies` ADD `restoration_sublimit` integer;--> statement-breakpoint
ALTER TABLE `policies` ADD `response_window_days` integer;--> statement-breakpoint
ALTER TABLE `policies` ADD `prior_expense_paid` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `policies` ADD `prior_liability_paid` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
DROP TRIGGER `costs_rollup_insert`;--> statement-breakpoint
DROP TRIGGER `costs_rollup_delete`;--> statement-breakpoint
DROP TRIGGER `costs_rollup_update_out`;--> statement-breakpoint
DROP TRIGGER `costs_rollup_update_in`;--> statement-breakpoint
-- A damages line logged as an estimate or as invoiced was a demand not yet fixed (shared/categories.ts storedStage).
UPDATE `costs` SET `stage` = 'demanded', `invoiced_on` = NULL WHERE `category` = 'damages' AND `stage` IN ('estimate', 'invoiced');--> statement-breakpoint
UPDATE `costs` SET `agreed_on` = `invoiced_on`, `invoiced_on` = NULL WHERE `category` = 'damages' AND `stage` = 'paid';--> statement-breakpoint
DROP TABLE `cost_rollups`;--> statement-breakpoint
CREATE TABLE `cost_rollups` (
	`incident_id` text NOT NULL,
	`category` text NOT NULL,
	`stage` text NOT NULL,
	`unit_key` integer NOT NULL,
	`source` text NOT NULL,
	`line_count` integer NOT NULL,
	`amount` integer NOT NULL,
	`quantity` integer NOT NULL,
	`abroad` integer NOT NULL,
	`disallowed_count` integer NOT NULL,
	`disallowed_amount` integer NOT NULL,
	`disallowed_quantity` integer NOT NULL,
	`consent_missing` integer NOT NULL,
	`unapproved` integer NOT NULL,
	PRIMARY KEY(`incident_id`, `category`, `stage`, `unit_key`, `source`),
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);--> statement-breakpoint
-- The flags needs_consent and claimed are 0 here: opening the database sets them from the TypeScript rule
-- (server/ledger/line-flags.ts), and the triggers below bring consent_missing and unapproved up to date.
INSERT INTO cost_rollups (incident_id, category, stage, unit_key, source, line_count, amount, quantity, abroad, disallowed_count, disallowed_amount, disallowed_quantity, consent_missing, unapproved)
SELECT incident_id, category, stage, COALESCE(unit_amount, -1), source, COUNT(*), SUM(amount), SUM(COALESCE(quantity, 0)), SUM(incurred_abroad),
       SUM(review_decision IS 'disallow'), SUM(CASE WHEN review_decision IS 'disallow' THEN amount ELSE 0 END),
       SUM(CASE WHEN review_decision IS 'disallow' THEN COALESCE(quantity, 0) ELSE 0 END),
       SUM(needs_consent AND consent_on IS NULL), SUM(claimed AND approved_at IS NULL)
  FROM costs WHERE deleted_at IS NULL
 GROUP BY incident_id, category, stage, COALESCE(unit_amount, -1), source;--> statement-breakpoint
CREATE TRIGGER `costs_rollup_insert` AFTER INSERT ON `costs` WHEN NEW.deleted_at IS NULL
BEGIN
  INSERT INTO cost_rollups (incident_id, category, stage, unit_key, source, line_count, amount, quantity, abroad, disallowed_count, disallowed_amount, disallowed_quantity, consent_missing, unapproved)
  VALUES (NEW.incident_id, NEW.category, NEW.stage, COALESCE(NEW.unit_amount, -1), NEW.source, 1, NEW.amount, COALESCE(NEW.quantity, 0), NEW.incurred_abroad,
    (NEW.review_decision IS 'disallow'), (CASE WHEN NEW.review_decision IS 'disallow' THEN NEW.amount ELSE 0 END), (CASE WHEN NEW.review_decision IS 'disallow' THEN COALESCE(NEW.quantity, 0) ELSE 0 END),
    (NEW.needs_consent AND NEW.consent_on IS NULL), (NEW.claimed AND NEW.approved_at IS NULL))
  ON CONFLICT (incident_id, category, stage, unit_key, source) DO UPDATE SET
    line_count = line_count + excluded.line_count, amount = amount + excluded.amount, quantity = quantity + excluded.quantity,
    abroad = abroad + excluded.abroad, disallowed_count = disallowed_count + excluded.disallowed_count,
    disallowed_amount = disallowed_amount + excluded.disallowed_amount, disallowed_quantity = disallowed_quantity + excluded.disallowed_quantity,
    consent_missing = consent_missing + excluded.consent_missing, unapproved = unapproved + excluded.unapproved;
END;--> statement-breakpoint
CREATE TRIGGER `costs_rollup_delete` AFTER DELETE ON `costs` WHEN OLD.deleted_at IS NULL
BEGIN
  INSERT INTO cost_rollups (incident_id, category, stage, unit_key, source, line_count, amount, quantity, abroad, disallowed_count, disallowed_amount, disallowed_quantity, consent_missing, unapproved)
  VALUES (OLD.incident_id, OLD.category, OLD.stage, COALESCE(OLD.unit_amount, -1), OLD.source, -1, -OLD.amount, -COALESCE(OLD.quantity, 0), -OLD.incurred_abroad,
    -(OLD.review_decision IS 'disallow'), -(CASE WHEN OLD.review_decision IS 'disallow' THEN OLD.amount ELSE 0 END), -(CASE WHEN OLD.review_decision IS 'disallow' THEN COALESCE(OLD.quantity, 0) ELSE 0 END),
    -(OLD.needs_consent AND OLD.consent_on IS NULL), -(OLD.claimed AND OLD.approved_at IS NULL))
  ON CONFLICT (incident_id, category, stage, unit_key, source) DO UPDATE SET
    line_count = line_count + excluded.line_count, amount = amount + excluded.amount, quantity = quantity + excluded.quantity,
    abroad = abroad + excluded.abroad, disallowed_count = disallowed_count + excluded.disallowed_count,
    disallowed_amount = disallowed_amount + excluded.disallowed_amount, disallowed_quantity = disallowed_quantity + excluded.disallowed_quantity,
    consent_missing = consent_missing + excluded.consent_missing, unapproved = unapproved + excluded.unapproved;
END;--> statement-breakpoint
CREATE TRIGGER `costs_rollup_update_out` AFTER UPDATE OF incident_id, category, stage, unit_amount, source, amount, quantity, incurred_abroad, review_decision, consent_on, approved_at, needs_consent, claimed, deleted_at ON `costs` WHEN OLD.deleted_at IS NULL
BEGIN
  INSERT INTO cost_rollups (incident_id, category, stage, unit_key, source, line_count, amount, quantity, abroad, disallowed_count, disallowed_amount, disallowed_quantity, consent_missing, unapproved)
  VALUES (OLD.incident_id, OLD.category, OLD.stage, COALESCE(OLD.unit_amount, -1), OLD.source, -1, -OLD.amount, -COALESCE(OLD.quantity, 0), -OLD.incurred_abroad,
    -(OLD.review_decision IS 'disallow'), -(CASE WHEN OLD.review_decision IS 'disallow' THEN OLD.amount ELSE 0 END), -(CASE WHEN OLD.review_decision IS 'disallow' THEN COALESCE(OLD.quantity, 0) ELSE 0 END),
    -(OLD.needs_consent AND OLD.consent_on IS NULL), -(OLD.claimed AND OLD.approved_at IS NULL))
  ON CONFLICT (incident_id, category, stage, unit_key, source) DO UPDATE SET
    line_count = line_count + excluded.line_count, amount = amount + excluded.amount, quantity = quantity + excluded.quantity,
    abroad = abroad + excluded.abroad, disallowed_count = disallowed_count + excluded.disallowed_count,
    disallowed_amount = disallowed_amount + excluded.disallowed_amount, disallowed_quantity = disallowed_quantity + excluded.disallowed_quantity,
    consent_missing = consent_missing + excluded.consent_missing, unapproved = unapproved + excluded.unapproved;
END;--> statement-breakpoint
CREATE TRIGGER `costs_rollup_update_in` AFTER UPDATE OF incident_id, category, stage, unit_amount, source, amount, quantity, incurred_abroad, review_decision, consent_on, approved_at, needs_consent, claimed, deleted_at ON `costs` WHEN NEW.deleted_at IS NULL
BEGIN
  INSERT INTO cost_rollups (incident_id, category, stage, unit_key, source, line_count, amount, quantity, abroad, disallowed_count, disallowed_amount, disallowed_quantity, consent_missing, unapproved)
  VALUES (NEW.incident_id, NEW.category, NEW.stage, COALESCE(NEW.unit_amount, -1), NEW.source, 1, NEW.amount, COALESCE(NEW.quantity, 0), NEW.incurred_abroad,
    (NEW.review_decision IS 'disallow'), (CASE WHEN NEW.review_decision IS 'disallow' THEN NEW.amount ELSE 0 END), (CASE WHEN NEW.review_decision IS 'disallow' THEN COALESCE(NEW.quantity, 0) ELSE 0 END),
    (NEW.needs_consent AND NEW.consent_on IS NULL), (NEW.claimed AND NEW.approved_at IS NULL))
  ON CONFLICT (incident_id, category, stage, unit_key, source) DO UPDATE SET
    line_count = line_count + excluded.line_count, amount = amount + excluded.amount, quantity = quantity + excluded.quantity,
    abroad = abroad + excluded.abroad, disallowed_count = disallowed_count + excluded.disallowed_count,
    disallowed_amount = disallowed_amount + excluded.disallowed_amount, disallowed_quantity = disallowed_quantity + excluded.disallowed_quantity,
    consent_missing = consent_missing + excluded.consent_missing, unapproved = unapproved + excluded.unapproved;
END;
