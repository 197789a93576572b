CREATE TABLE `presence` (
	`org_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`platform` text NOT NULL,
	`external_id` text NOT NULL,
	`activity` text NOT NULL,
	`expires_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`org_id`, `agent_id`, `platform`, `external_id`),
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `presence_updated_idx` ON `presence` (`updated_at`);