CREATE TABLE `auth_generation` (
	`id` integer PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `auth_generation` (`id`, `value`) VALUES (1, 0);
--> statement-breakpoint
-- Whatever can end a sign-in or change what it may do moves the value, in the same transaction:
-- every process's kept sign-ins are checked again on their next request. A new token needs no move.
CREATE TRIGGER tokens_auth_update AFTER UPDATE ON tokens BEGIN
  UPDATE auth_generation SET value = value + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER tokens_auth_delete AFTER DELETE ON tokens BEGIN
  UPDATE auth_generation SET value = value + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER agents_auth_update AFTER UPDATE OF disabled, role, org_id ON agents BEGIN
  UPDATE auth_generation SET value = value + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER agents_auth_delete AFTER DELETE ON agents BEGIN
  UPDATE auth_generation SET value = value + 1 WHERE id = 1;
END;
