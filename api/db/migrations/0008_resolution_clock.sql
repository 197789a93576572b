ALTER TABLE `cases` ADD `resolution_due_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `resolution_left_minutes` real;--> statement-breakpoint
-- Cases now carry their resolution clock: rebuild every customer view in the first write group.
INSERT OR IGNORE INTO customer_views_stale (customer_id) SELECT id FROM customers;
