ALTER TABLE `cases` ADD `sla_due_soon_at` integer;--> statement-breakpoint
-- Clocks already running were set around the clock by their organisation's minutes: due soon at the last quarter of them.
UPDATE cases SET sla_due_soon_at = sla_due_at - 15000 * (SELECT CASE cases.priority
  WHEN 'urgent' THEN o.sla_urgent_minutes WHEN 'high' THEN o.sla_high_minutes WHEN 'normal' THEN o.sla_normal_minutes ELSE o.sla_low_minutes END
  FROM orgs o WHERE o.id = cases.org_id) WHERE sla_due_at IS NOT NULL;
--> statement-breakpoint
INSERT OR IGNORE INTO customer_views_stale (customer_id) SELECT id FROM customers;
