CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`changes` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_org_at_idx` ON `audit_log` (`org_id`,`at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_org_entity_idx` ON `audit_log` (`org_id`,`entity`,`at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_org_actor_idx` ON `audit_log` (`org_id`,`actor_id`,`at`,`id`);