CREATE TABLE `cost_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`incident_id` text NOT NULL,
	`file_name` text NOT NULL,
	`file_sha256` text NOT NULL,
	`file_size` integer NOT NULL,
	`format` text NOT NULL,
	`encoding` text,
	`layout_key` text NOT NULL,
	`status` text DEFAULT 'previewed' NOT NULL,
	`row_count` integer NOT NULL,
	`line_count` integer,
	`amount` integer,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`committed_by` text,
	`committed_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`committed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cost_imports_incident_file` ON `cost_imports` (`incident_id`,`file_sha256`);--> statement-breakpoint
CREATE INDEX `cost_imports_incident` ON `cost_imports` (`incident_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `cost_rollups` (
	`incident_id` text NOT NULL,
	`category` text NOT NULL,
	`stage` text NOT NULL,
	`unit_key` integer NOT NULL,
	`line_count` integer NOT NULL,
	`amount` integer NOT NULL,
	`quantity` integer NOT NULL,
	`abroad` integer NOT NULL,
	`disallowed_count` integer NOT NULL,
	`disallowed_amount` integer NOT NULL,
	`disallowed_quantity` integer NOT NULL,
	`consent_missing` integer NOT NULL,
	`unapproved` integer NOT NULL,
	PRIMARY KEY(`incident_id`, `category`, `stage`, `unit_key`),
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `import_mappings` (
	`company_id` text NOT NULL,
	`layout_key` text NOT NULL,
	`mapping` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`company_id`, `layout_key`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
DROP INDEX `costs_incident_disallowed`;--> statement-breakpoint
DROP INDEX `costs_incident_consent_missing`;--> statement-breakpoint
DROP INDEX `costs_incident_unapproved`;--> statement-breakpoint
ALTER TABLE `costs` ADD `import_id` text REFERENCES cost_imports(id);--> statement-breakpoint
ALTER TABLE `costs` ADD `import_row` integer;--> statement-breakpoint
-- The rollups start from the ledger as it is, then triggers keep them in step with every write to costs,
-- inside the writer's own transaction (a rolled-back write rolls back its rollup change too).
-- Only live lines (deleted_at IS NULL) count; an update takes the old line out and puts the new one in.
INSERT INTO cost_rollups (incident_id, category, stage, unit_key, line_count, amount, quantity, abroad, disallowed_count, disallowed_amount, disallowed_quantity, consent_missing, unapproved)
SELECT incident_id, category, stage, COALESCE(unit_amount, -1), COUNT(*), SUM(amount), COALESCE(SUM(quantity), 0), SUM(incurred_abroad),
       SUM(review_decision IS 'disallow'), SUM(CASE WHEN review_decision IS 'disallow' THEN amount ELSE 0 END),
       SUM(CASE WHEN review_decision IS 'disallow' THEN COALESCE(quantity, 0) ELSE 0 END),
       SUM(consent_on IS NULL AND category IN ('condolence', 'consulting')), SUM(approved_at IS NULL AND stage <> 'estimate')
  FROM costs WHERE deleted_at IS NULL
 GROUP BY incident_id, category, stage, COALESCE(unit_amount, -1);--> statement-breakpoint
CREATE TRIGGER `costs_rollup_insert` AFTER INSERT ON `costs` WHEN NEW.deleted_at IS NULL
BEGIN
  INSERT INTO cost_rollups (incident_id, category, stage, unit_key, line_count, amount, quantity, abroad, disallowed_count, disallowed_amount, disallowed_quantity, consent_missing, unapproved)
  VALUES (NEW.incident_id, NEW.category, NEW.stage, COALESCE(NEW.unit_amount, -1), 1, NEW.amount, COALESCE(NEW.quantity, 0), NEW.incurred_abroad,
    (NEW.review_decision IS 'disallow'), (CASE WHEN NEW.review_decision IS 'disallow' THEN NEW.amount ELSE 0 END), (CASE WHEN NEW.review_decision IS 'disallow' THEN COALESCE(NEW.quantity, 0) ELSE 0 END),
    (NEW.consent_on IS NULL AND (NEW.category = 'condolence' OR NEW.category = 'consulting')), (NEW.approved_at IS NULL AND NEW.stage <> 'estimate'))
  ON CONFLICT (incident_id, category, stage, unit_key) DO UPDATE SET
    line_count = line_count + excluded.line_count, amount = amount + excluded.amount, quantity = quantity + excluded.quantity,
    abroad = abroad + excluded.abroad, disallowed_count = disallowed_count + excluded.disallowed_count,
    disallowed_amount = disallowed_amount + excluded.disallowed_amount, disallowed_quantity = disallowed_quantity + excluded.disallowed_quantity,
    consent_missing = consent_missing + excluded.consent_missing, unapproved = unapproved + excluded.unapproved;
END;--> statement-breakpoint
CREATE TRIGGER `costs_rollup_delete` AFTER DELETE ON `costs` WHEN OLD.deleted_at IS NULL
BEGIN
  INSERT INTO cost_rollups (incident_id, category, stage, unit_key, line_count, amount, quantity, abroad, disallowed_count, disallowed_amount, disallowed_quantity, consent_missing, unapproved)
  VALUES (OLD.incident_id, OLD.category, OLD.stage, COALESCE(OLD.unit_amount, -1), -1, -OLD.amount, -COALESCE(OLD.quantity, 0), -OLD.incurred_abroad,
    -(OLD.review_decision IS 'disallow'), -(CASE WHEN OLD.review_decision IS 'disallow' THEN OLD.amount ELSE 0 END), -(CASE WHEN OLD.review_decision IS 'disallow' THEN COALESCE(OLD.quantity, 0) ELSE 0 END),
    -(OLD.consent_on IS NULL AND (OLD.category = 'condolence' OR OLD.category = 'consulting')), -(OLD.approved_at IS NULL AND OLD.stage <> 'estimate'))
  ON CONFLICT (incident_id, category, stage, unit_key) DO UPDATE SET
    line_count = line_count + excluded.line_count, amount = amount + excluded.amount, quantity = quantity + excluded.quantity,
    abroad = abroad + excluded.abroad, disallowed_count = disallowed_count + excluded.disallowed_count,
    disallowed_amount = disallowed_amount + excluded.disallowed_amount, disallowed_quantity = disallowed_quantity + excluded.disallowed_quantity,
    consent_missing = consent_missing + excluded.consent_missing, unapproved = unapproved + excluded.unapproved;
END;--> statement-breakpoint
CREATE TRIGGER `costs_rollup_update_out` AFTER UPDATE OF incident_id, category, stage, unit_amount, amount, quantity, incurred_abroad, review_decision, consent_on, approved_at, deleted_at ON `costs` WHEN OLD.deleted_at IS NULL
BEGIN
  INSERT INTO cost_rollups (incident_id, category, stage, unit_key, line_count, amount, quantity, abroad, disallowed_count, disallowed_amount, disallowed_quantity, consent_missing, unapproved)
  VALUES (OLD.incident_id, OLD.category, OLD.stage, COALESCE(OLD.unit_amount, -1), -1, -OLD.amount, -COALESCE(OLD.quantity, 0), -OLD.incurred_abroad,
    -(OLD.review_decision IS 'disallow'), -(CASE WHEN OLD.review_decision IS 'disallow' THEN OLD.amount ELSE 0 END), -(CASE WHEN OLD.review_decision IS 'disallow' THEN COALESCE(OLD.quantity, 0) ELSE 0 END),
    -(OLD.consent_on IS NULL AND (OLD.category = 'condolence' OR OLD.category = 'consulting')), -(OLD.approved_at IS NULL AND OLD.stage <> 'estimate'))
  ON CONFLICT (incident_id, category, stage, unit_key) DO UPDATE SET
    line_count = line_count + excluded.line_count, amount = amount + excluded.amount, quantity = quantity + excluded.quantity,
    abroad = abroad + excluded.abroad, disallowed_count = disallowed_count + excluded.disallowed_count,
    disallowed_amount = disallowed_amount + excluded.disallowed_amount, disallowed_quantity = disallowed_quantity + excluded.disallowed_quantity,
    consent_missing = consent_missing + excluded.consent_missing, unapproved = unapproved + excluded.unapproved;
END;--> statement-breakpoint
CREATE TRIGGER `costs_rollup_update_in` AFTER UPDATE OF incident_id, category, stage, unit_amount, amount, quantity, incurred_abroad, review_decision, consent_on, approved_at, deleted_at ON `costs` WHEN NEW.deleted_at IS NULL
BEGIN
  INSERT INTO cost_rollups (incident_id, category, stage, unit_key, line_count, amount, quantity, abroad, disallowed_count, disallowed_amount, disallowed_quantity, consent_missing, unapproved)
  VALUES (NEW.incident_id, NEW.category, NEW.stage, COALESCE(NEW.unit_amount, -1), 1, NEW.amount, COALESCE(NEW.quantity, 0), NEW.incurred_abroad,
    (NEW.review_decision IS 'disallow'), (CASE WHEN NEW.review_decision IS 'disallow' THEN NEW.amount ELSE 0 END), (CASE WHEN NEW.review_decision IS 'disallow' THEN COALESCE(NEW.quantity, 0) ELSE 0 END),
    (NEW.consent_on IS NULL AND (NEW.category = 'condolence' OR NEW.category = 'consulting')), (NEW.approved_at IS NULL AND NEW.stage <> 'estimate'))
  ON CONFLICT (incident_id, category, stage, unit_key) DO UPDATE SET
    line_count = line_count + excluded.line_count, amount = amount + excluded.amount, quantity = quantity + excluded.quantity,
    abroad = abroad + excluded.abroad, disallowed_count = disallowed_count + excluded.disallowed_count,
    disallowed_amount = disallowed_amount + excluded.disallowed_amount, disallowed_quantity = disallowed_quantity + excluded.disallowed_quantity,
    consent_missing = consent_missing + excluded.consent_missing, unapproved = unapproved + excluded.unapproved;
END;
