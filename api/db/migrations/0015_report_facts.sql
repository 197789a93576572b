ALTER TABLE `cases` ADD `platform` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `first_response_due_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `first_response_by` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `first_response_business_seconds` real;--> statement-breakpoint
ALTER TABLE `cases` ADD `first_resolved_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `first_resolution_met` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `first_resolution_business_seconds` real;--> statement-breakpoint
ALTER TABLE `cases` ADD `full_resolution_business_seconds` real;--> statement-breakpoint
CREATE INDEX `cases_org_created_idx` ON `cases` (`org_id`,`created_at`);--> statement-breakpoint
-- The facts of cases from before: read from their timeline. Business durations before this are
-- taken as calendar ones, and the first-response due time of an answered case is not known.
-- The customer views do not change, so their trigger is set aside meanwhile.
DROP TRIGGER cases_view_update;--> statement-breakpoint
UPDATE `cases` SET
  `platform` = (SELECT p.platform FROM case_posts cp JOIN posts p ON p.id = cp.post_id WHERE cp.case_id = cases.id ORDER BY cp.added_at, cp.post_id LIMIT 1),
  `first_response_by` = (SELECT e.actor_id FROM events e WHERE e.case_id = cases.id AND e.type = 'reply' ORDER BY e.data ->> '$.sentAt', e.created_at LIMIT 1),
  `first_response_business_seconds` = CASE WHEN first_response_at IS NOT NULL THEN (first_response_at - created_at) / 1000.0 END,
  `first_response_due_at` = CASE WHEN first_response_at IS NULL THEN sla_due_at END,
  `first_resolved_at` = COALESCE((SELECT MIN(e.created_at) FROM events e WHERE e.case_id = cases.id AND e.type = 'status' AND e.data ->> '$.to' = 'resolved'), resolved_at);--> statement-breakpoint
UPDATE `cases` SET
  `first_resolution_business_seconds` = CASE WHEN first_resolved_at IS NOT NULL THEN (first_resolved_at - created_at) / 1000.0 END,
  `full_resolution_business_seconds` = CASE WHEN status IN ('resolved', 'closed') AND resolved_at IS NOT NULL THEN (resolved_at - created_at) / 1000.0 END;--> statement-breakpoint
CREATE TRIGGER cases_view_update AFTER UPDATE ON cases BEGIN
  INSERT OR IGNORE INTO customer_views_stale (customer_id) VALUES (OLD.customer_id), (NEW.customer_id);
END;
