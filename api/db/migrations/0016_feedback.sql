CREATE TABLE `feedback` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`post_id` text NOT NULL,
	`kind` text NOT NULL,
	`theme` text DEFAULT '' NOT NULL,
	`theme_key` text DEFAULT '' NOT NULL,
	`tagged_by` text,
	`at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tagged_by`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_org_post_unique` ON `feedback` (`org_id`,`post_id`);--> statement-breakpoint
CREATE INDEX `feedback_org_at_idx` ON `feedback` (`org_id`,`at`,`id`);