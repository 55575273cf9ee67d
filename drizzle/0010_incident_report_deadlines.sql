CREATE TABLE `calendar_feeds` (
	`user_id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_feeds_token_hash_unique` ON `calendar_feeds` (`token_hash`);--> statement-breakpoint
CREATE TABLE `deadline_reminders` (
	`user_id` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`sent_at` text NOT NULL,
	PRIMARY KEY(`user_id`, `dedupe_key`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `incident_reports` (
	`incident_id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`summary` text,
	`data_items` text,
	`cause` text,
	`secondary_harm` text,
	`measures_for_persons` text,
	`publication` text,
	`recurrence_prevention` text,
	`other` text,
	`client_name` text,
	`contact_name` text,
	`contact_phone` text,
	`updated_by` text,
	`updated_at` text,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `third_party_claims` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`incident_id` text NOT NULL,
	`claimant` text NOT NULL,
	`received_on` text NOT NULL,
	`amount_demanded` integer,
	`insurer_notified_on` text,
	`insurer_reference` text,
	`note` text,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `third_party_claims_incident` ON `third_party_claims` (`incident_id`,`received_on`);--> statement-breakpoint
ALTER TABLE `companies` ADD `address` text;--> statement-breakpoint
ALTER TABLE `companies` ADD `corporate_number` text;--> statement-breakpoint
ALTER TABLE `companies` ADD `representative` text;--> statement-breakpoint
ALTER TABLE `companies` ADD `bank_name` text;--> statement-breakpoint
ALTER TABLE `companies` ADD `bank_branch` text;--> statement-breakpoint
ALTER TABLE `companies` ADD `bank_account_type` text;--> statement-breakpoint
ALTER TABLE `companies` ADD `bank_account_number` text;--> statement-breakpoint
ALTER TABLE `companies` ADD `bank_account_holder` text;--> statement-breakpoint
ALTER TABLE `companies` ADD `broker_code` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `aware_on` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `encrypted` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `incidents` ADD `data_role` text DEFAULT 'own' NOT NULL;--> statement-breakpoint
ALTER TABLE `incidents` ADD `client_notified_on` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `persons_notified_on` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `insurer_claim_reference` text;