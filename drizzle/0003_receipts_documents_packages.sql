CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`incident_id` text NOT NULL,
	`cost_id` text,
	`document_kind` text,
	`sha256` text NOT NULL,
	`name` text NOT NULL,
	`size` integer NOT NULL,
	`media_type` text NOT NULL,
	`uploaded_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cost_id`) REFERENCES `costs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attachments_cost` ON `attachments` (`cost_id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `attachments_incident` ON `attachments` (`incident_id`,`document_kind`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE TABLE `claim_packages` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`incident_id` text NOT NULL,
	`version` integer NOT NULL,
	`locale` text NOT NULL,
	`status` text NOT NULL,
	`sha256` text,
	`size` integer,
	`totals` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claim_packages_incident_version` ON `claim_packages` (`incident_id`,`version`);--> statement-breakpoint
CREATE TABLE `document_waivers` (
	`incident_id` text NOT NULL,
	`kind` text NOT NULL,
	`reason` text NOT NULL,
	`decided_by` text NOT NULL,
	`decided_at` text NOT NULL,
	PRIMARY KEY(`incident_id`, `kind`),
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TRIGGER `claim_packages_frozen_update` BEFORE UPDATE ON `claim_packages` WHEN OLD.status = 'ready'
BEGIN SELECT RAISE(ABORT, 'an exported claim package is frozen'); END;--> statement-breakpoint
CREATE TRIGGER `claim_packages_frozen_delete` BEFORE DELETE ON `claim_packages` WHEN OLD.status = 'ready'
BEGIN SELECT RAISE(ABORT, 'an exported claim package is frozen'); END;
