-- Customer views now carry each case's excerpt: rebuild every view in the first write group.
INSERT OR IGNORE INTO customer_views_stale (customer_id) SELECT id FROM customers;
