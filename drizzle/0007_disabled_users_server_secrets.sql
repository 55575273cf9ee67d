-- The key that signs device cookies lives in server_secrets; users.disabled_at turns the demo accounts off with
-- demo mode (docs/decisions/017-invitations-lockout-signup-and-demo.md).
CREATE TABLE `server_secrets` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `users` ADD `disabled_at` text;