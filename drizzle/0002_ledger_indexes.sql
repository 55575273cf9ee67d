DROP INDEX `costs_incident_category`;--> statement-breakpoint
CREATE INDEX `costs_incident_amount` ON `costs` (`incident_id`,`amount`,`id`);--> statement-breakpoint
CREATE INDEX `costs_incident_created` ON `costs` (`incident_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `costs_incident_figures` ON `costs` (`incident_id`,`category`,`stage`,`unit_amount`,`amount`,`quantity`,`source`,`incurred_on`,`incurred_abroad`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `costs_incident_category` ON `costs` (`incident_id`,`category`,`id`);