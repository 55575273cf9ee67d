-- Consumption tax on every line (docs/rules.md §3, docs/decisions/022): the line's tax category and tax, the
-- invoice number, withholding; the policy's tax treatment; the company's tax status; the rollups sum the tax.
CREATE TABLE `journal_settings` (
	`company_id` text PRIMARY KEY NOT NULL,
	`settings` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `companies` ADD `tax_status` text;--> statement-breakpoint
ALTER TABLE `cost_rollups` ADD `tax_amount` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `cost_rollups` ADD `disallowed_tax_amount` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `costs` ADD `tax_category` text;--> statement-breakpoint
ALTER TABLE `costs` ADD `tax_amount` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `costs` ADD `invoice_number` text;--> statement-breakpoint
ALTER TABLE `costs` ADD `withholding_tax` integer;--> statement-breakpoint
CREATE INDEX `costs_incident_tax` ON `costs` (`incident_id`,`tax_category`,`claimed`,`amount`,`tax_amount`,`withholding_tax`) WHERE deleted_at IS NULL;--> statement-breakpoint
ALTER TABLE `policies` ADD `tax_treatment` text DEFAULT 'inclusive' NOT NULL;--> statement-breakpoint
-- The triggers of 0008 again, now also summing the tax contained in the amounts (the net is amount − tax).
DROP TRIGGER `costs_rollup_insert`;--> statement-breakpoint
DROP TRIGGER `costs_rollup_delete`;--> statement-breakpoint
DROP TRIGGER `costs_rollup_update_out`;--> statement-breakpoint
DROP TRIGGER `costs_rollup_update_in`;--> statement-breakpoint
CREATE TRIGGER `costs_rollup_insert` AFTER INSERT ON `costs` WHEN NEW.deleted_at IS NULL
BEGIN
  INSERT INTO cost_rollups (incident_id, category, stage, unit_key, source, line_count, amount, quantity, abroad, disallowed_count, disallowed_amount, disallowed_quantity, consent_missing, unapproved, tax_amount, disallowed_tax_amount)
  VALUES (NEW.incident_id, NEW.category, NEW.stage, COALESCE(NEW.unit_amount, -1), NEW.source, 1, NEW.amount, COALESCE(NEW.quantity, 0), NEW.incurred_abroad,
    (NEW.review_decision IS 'disallow'), (CASE WHEN NEW.review_decision IS 'disallow' THEN NEW.amount ELSE 0 END), (CASE WHEN NEW.review_decision IS 'disallow' THEN COALESCE(NEW.quantity, 0) ELSE 0 END),
    (NEW.needs_consent AND NEW.consent_on IS NULL), (NEW.claimed AND NEW.approved_at IS NULL), NEW.tax_amount, (CASE WHEN NEW.review_decision IS 'disallow' THEN NEW.tax_amount ELSE 0 END))
  ON CONFLICT (incident_id, category, stage, unit_key, source) DO UPDATE SET
    line_count = line_count + excluded.line_count, amount = amount + excluded.amount, quantity = quantity + excluded.quantity,
    abroad = abroad + excluded.abroad, disallowed_count = disallowed_count + excluded.disallowed_count,
    disallowed_amount = disallowed_amount + excluded.disallowed_amount, disallowed_quantity = disallowed_quantity + excluded.disallowed_quantity,
    consent_missing = consent_missing + excluded.consent_missing, unapproved = unapproved + excluded.unapproved,
    tax_amount = tax_amount + excluded.tax_amount, disallowed_tax_amount = disallowed_tax_amount + excluded.disallowed_tax_amount;
END;--> statement-breakpoint
CREATE TRIGGER `costs_rollup_delete` AFTER DELETE ON `costs` WHEN OLD.deleted_at IS NULL
BEGIN
  INSERT INTO cost_rollups (incident_id, category, stage, unit_key, source, line_count, amount, quantity, abroad, disallowed_count, disallowed_amount, disallowed_quantity, consent_missing, unapproved, tax_amount, disallowed_tax_amount)
  VALUES (OLD.incident_id, OLD.category, OLD.stage, COALESCE(OLD.unit_amount, -1), OLD.source, -1, -OLD.amount, -COALESCE(OLD.quantity, 0), -OLD.incurred_abroad,
    -(OLD.review_decision IS 'disallow'), -(CASE WHEN OLD.review_decision IS 'disallow' THEN OLD.amount ELSE 0 END), -(CASE WHEN OLD.review_decision IS 'disallow' THEN COALESCE(OLD.quantity, 0) ELSE 0 END),
    -(OLD.needs_consent AND OLD.consent_on IS NULL), -(OLD.claimed AND OLD.approved_at IS NULL), -OLD.tax_amount, -(CASE WHEN OLD.review_decision IS 'disallow' THEN OLD.tax_amount ELSE 0 END))
  ON CONFLICT (incident_id, category, stage, unit_key, source) DO UPDATE SET
    line_count = line_count + excluded.line_count, amount = amount + excluded.amount, quantity = quantity + excluded.quantity,
    abroad = abroad + excluded.abroad, disallowed_count = disallowed_count + excluded.disallowed_count,
    disallowed_amount = disallowed_amount + excluded.disallowed_amount, disallowed_quantity = disallowed_quantity + excluded.disallowed_quantity,
    consent_missing = consent_missing + excluded.consent_missing, unapproved = unapproved + excluded.unapproved,
    tax_amount = tax_amount + excluded.tax_amount, disallowed_tax_amount = disallowed_tax_amount + excluded.disallowed_tax_amount;
END;--> statement-breakpoint
CREATE TRIGGER `costs_rollup_update_out` AFTER UPDATE OF incident_id, category, stage, unit_amount, source, amount, quantity, incurred_abroad, review_decision, consent_on, approved_at, needs_consent, claimed, tax_amount, deleted_at ON `costs` WHEN OLD.deleted_at IS NULL
BEGIN
  INSERT INTO cost_rollups (incident_id, category, stage, unit_key, source, line_count, amount, quantity, abroad, disallowed_count, disallowed_amount, disallowed_quantity, consent_missing, unapproved, tax_amount, disallowed_tax_amount)
  VALUES (OLD.incident_id, OLD.category, OLD.stage, COALESCE(OLD.unit_amount, -1), OLD.source, -1, -OLD.amount, -COALESCE(OLD.quantity, 0), -OLD.incurred_abroad,
    -(OLD.review_decision IS 'disallow'), -(CASE WHEN OLD.review_decision IS 'disallow' THEN OLD.amount ELSE 0 END), -(CASE WHEN OLD.review_decision IS 'disallow' THEN COALESCE(OLD.quantity, 0) ELSE 0 END),
    -(OLD.needs_consent AND OLD.consent_on IS NULL), -(OLD.claimed AND OLD.approved_at IS NULL), -OLD.tax_amount, -(CASE WHEN OLD.review_decision IS 'disallow' THEN OLD.tax_amount ELSE 0 END))
  ON CONFLICT (incident_id, category, stage, unit_key, source) DO UPDATE SET
    line_count = line_count + excluded.line_count, amount = amount + excluded.amount, quantity = quantity + excluded.quantity,
    abroad = abroad + excluded.abroad, disallowed_count = disallowed_count + excluded.disallowed_count,
    disallowed_amount = disallowed_amount + excluded.disallowed_amount, disallowed_quantity = disallowed_quantity + excluded.disallowed_quantity,
    consent_missing = consent_missing + excluded.consent_missing, unapproved = unapproved + excluded.unapproved,
    tax_amount = tax_amount + excluded.tax_amount, disallowed_tax_amount = disallowed_tax_amount + excluded.disallowed_tax_amount;
END;--> statement-breakpoint
CREATE TRIGGER `costs_rollup_update_in` AFTER UPDATE OF incident_id, category, stage, unit_amount, source, amount, quantity, incurred_abroad, review_decision, consent_on, approved_at, needs_consent, claimed, tax_amount, deleted_at ON `costs` WHEN NEW.deleted_at IS NULL
BEGIN
  INSERT INTO cost_rollups (incident_id, category, stage, unit_key, source, line_count, amount, quantity, abroad, disallowed_count, disallowed_amount, disallowed_quantity, consent_missing, unapproved, tax_amount, disallowed_tax_amount)
  VALUES (NEW.incident_id, NEW.category, NEW.stage, COALESCE(NEW.unit_amount, -1), NEW.source, 1, NEW.amount, COALESCE(NEW.quantity, 0), NEW.incurred_abroad,
    (NEW.review_decision IS 'disallow'), (CASE WHEN NEW.review_decision IS 'disallow' THEN NEW.amount ELSE 0 END), (CASE WHEN NEW.review_decision IS 'disallow' THEN COALESCE(NEW.quantity, 0) ELSE 0 END),
    (NEW.needs_consent AND NEW.consent_on IS NULL), (NEW.claimed AND NEW.approved_at IS NULL), NEW.tax_amount, (CASE WHEN NEW.review_decision IS 'disallow' THEN NEW.tax_amount ELSE 0 END))
  ON CONFLICT (incident_id, category, stage, unit_key, source) DO UPDATE SET
    line_count = line_count + excluded.line_count, amount = amount + excluded.amount, quantity = quantity + excluded.quantity,
    abroad = abroad + excluded.abroad, disallowed_count = disallowed_count + excluded.disallowed_count,
    disallowed_amount = disallowed_amount + excluded.disallowed_amount, disallowed_quantity = disallowed_quantity + excluded.disallowed_quantity,
    consent_missing = consent_missing + excluded.consent_missing, unapproved = unapproved + excluded.unapproved,
    tax_amount = tax_amount + excluded.tax_amount, disallowed_tax_amount = disallowed_tax_amount + excluded.disallowed_tax_amount;
END;
