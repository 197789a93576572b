ALTER TABLE `cases` ADD `priority_score` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Posts in customer views now carry their tone: rebuild every view in the first write group.
INSERT OR IGNORE INTO customer_views_stale (customer_id) SELECT id FROM customers;
