CREATE TABLE `broker_grants` (
	`client_company_id` text NOT NULL,
	`broker_company_id` text NOT NULL,
	`granted_by` text NOT NULL,
	`granted_at` text NOT NULL,
	PRIMARY KEY(`client_company_id`, `broker_company_id`),
	FOREIGN KEY (`client_company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`broker_company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`granted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `broker_grants_broker` ON `broker_grants` (`broker_company_id`);--> statement-breakpoint
CREATE TABLE `claim_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` text NOT NULL,
	`company_id` text NOT NULL,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`package_id` text,
	`broker_company_id` text,
	`amount` integer,
	`note` text,
	`actor_user_id` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`package_id`) REFERENCES `claim_packages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`broker_company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `claim_events_incident` ON `claim_events` (`incident_id`,`id`);--> statement-breakpoint
CREATE TABLE `line_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`cost_id` text NOT NULL,
	`incident_id` text NOT NULL,
	`company_id` text NOT NULL,
	`kind` text NOT NULL,
	`comment` text,
	`author_user_id` text NOT NULL,
	`author_side` text NOT NULL,
	`cost_version` integer NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`cost_id`) REFERENCES `costs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `line_reviews_cost` ON `line_reviews` (`cost_id`,`at`);--> statement-breakpoint
CREATE INDEX `line_reviews_incident` ON `line_reviews` (`incident_id`,`at`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`incident_id` text,
	`cost_id` text,
	`kind` text NOT NULL,
	`params` text NOT NULL,
	`dedupe_key` text,
	`created_at` text NOT NULL,
	`read_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_user` ON `notifications` (`user_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_dedupe` ON `notifications` (`user_id`,`dedupe_key`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `prev_hash` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `hash` text;--> statement-breakpoint
CREATE INDEX `audit_unsealed` ON `audit_log` (`id`) WHERE hash IS NULL;--> statement-breakpoint
ALTER TABLE `costs` ADD `invoiced_on` text;--> statement-breakpoint
ALTER TABLE `costs` ADD `paid_on` text;--> statement-breakpoint
ALTER TABLE `costs` ADD `approved_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `costs` ADD `approved_at` text;--> statement-breakpoint
ALTER TABLE `costs` ADD `consent_on` text;--> statement-breakpoint
ALTER TABLE `costs` ADD `consent_reference` text;--> statement-breakpoint
ALTER TABLE `costs` ADD `consent_given_by` text;--> statement-breakpoint
ALTER TABLE `costs` ADD `review_decision` text;--> statement-breakpoint
CREATE INDEX `costs_incident_disallowed` ON `costs` (`incident_id`,`category`,`stage`,`unit_amount`,`amount`,`quantity`) WHERE deleted_at IS NULL AND review_decision = 'disallow';--> statement-breakpoint
CREATE INDEX `costs_incident_consent_missing` ON `costs` (`incident_id`) WHERE deleted_at IS NULL AND consent_on IS NULL AND category IN ('condolence', 'consulting');--> statement-breakpoint
CREATE INDEX `costs_incident_unapproved` ON `costs` (`incident_id`) WHERE deleted_at IS NULL AND approved_at IS NULL AND stage <> 'estimate';--> statement-breakpoint
ALTER TABLE `incidents` ADD `sensitive_data` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `incidents` ADD `financial_harm` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `incidents` ADD `malicious` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `incidents` ADD `insurer_notified_on` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `regulator_first_report_on` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `regulator_final_report_on` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `claim_status` text DEFAULT 'draft' NOT NULL;--> statement-breakpoint
ALTER TABLE `incidents` ADD `broker_company_id` text REFERENCES companies(id);--> statement-breakpoint
ALTER TABLE `incidents` ADD `settled_amount` integer;--> statement-breakpoint
ALTER TABLE `incidents` ADD `settled_on` text;--> statement-breakpoint
-- The audit log stays append-only; the one change allowed is sealing an entry written before the hash
-- chain existed (hash still NULL), and then only its two chain columns (server/audit-chain.ts).
DROP TRIGGER `audit_log_no_update`;--> statement-breakpoint
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
WHEN OLD.hash IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.company_id IS NOT OLD.company_id OR NEW.incident_id IS NOT OLD.incident_id
  OR NEW.entity_type IS NOT OLD.entity_type OR NEW.entity_id IS NOT OLD.entity_id OR NEW.action IS NOT OLD.action
  OR NEW.actor_user_id IS NOT OLD.actor_user_id OR NEW.at IS NOT OLD.at OR NEW.before IS NOT OLD.before OR NEW.after IS NOT OLD.after
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;--> statement-breakpoint
-- A review thread is a record of what was said: it is never edited or removed either.
CREATE TRIGGER `line_reviews_no_update` BEFORE UPDATE ON `line_reviews`
BEGIN SELECT RAISE(ABORT, 'line_reviews is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `line_reviews_no_delete` BEFORE DELETE ON `line_reviews`
BEGIN SELECT RAISE(ABORT, 'line_reviews is append-only'); END;
