-- Every change to what a customer view shows marks that customer's view stale, in the same
-- transaction; the write group rebuilds stale views before it commits (api/db/customerViews.ts).
CREATE TRIGGER customers_view_insert AFTER INSERT ON customers BEGIN
  INSERT OR IGNORE INTO customer_views_stale (customer_id) VALUES (NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER customers_view_update AFTER UPDATE ON customers BEGIN
  INSERT OR IGNORE INTO customer_views_stale (customer_id) VALUES (NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER identities_view_insert AFTER INSERT ON identities BEGIN
  INSERT OR IGNORE INTO customer_views_stale (customer_id) VALUES (NEW.customer_id);
END;
--> statement-breakpoint
CREATE TRIGGER identities_view_update AFTER UPDATE ON identities BEGIN
  INSERT OR IGNORE INTO customer_views_stale (customer_id) VALUES (OLD.customer_id), (NEW.customer_id);
END;
--> statement-breakpoint
CREATE TRIGGER identities_view_delete AFTER DELETE ON identities BEGIN
  INSERT OR IGNORE INTO customer_views_stale (customer_id) VALUES (OLD.customer_id);
END;
--> statement-breakpoint
CREATE TRIGGER posts_view_insert AFTER INSERT ON posts BEGIN
  INSERT OR IGNORE INTO customer_views_stale (customer_id) VALUES (NEW.customer_id);
END;
--> statement-breakpoint
CREATE TRIGGER posts_view_update AFTER UPDATE ON posts BEGIN
  INSERT OR IGNORE INTO customer_views_stale (customer_id) VALUES (OLD.customer_id), (NEW.customer_id);
END;
--> statement-breakpoint
CREATE TRIGGER posts_view_delete AFTER DELETE ON posts BEGIN
  INSERT OR IGNORE INTO customer_views_stale (customer_id) VALUES (OLD.customer_id);
END;
--> statement-breakpoint
CREATE TRIGGER cases_view_insert AFTER INSERT ON cases BEGIN
  INSERT OR IGNORE INTO customer_views_stale (customer_id) VALUES (NEW.customer_id);
END;
--> statement-breakpoint
CREATE TRIGGER cases_view_update AFTER UPDATE ON cases BEGIN
  INSERT OR IGNORE INTO customer_views_stale (customer_id) VALUES (OLD.customer_id), (NEW.customer_id);
END;
--> statement-breakpoint
CREATE TRIGGER cases_view_delete AFTER DELETE ON cases BEGIN
  INSERT OR IGNORE INTO customer_views_stale (customer_id) VALUES (OLD.customer_id);
END;
--> statement-breakpoint
-- Views of customers that existed before this migration are built by the first write group.
INSERT OR IGNORE INTO customer_views_stale (customer_id) SELECT id FROM customers;
