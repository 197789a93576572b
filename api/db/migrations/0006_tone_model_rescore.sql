-- tone() gained a fitted last step and new label bands: scores stored before it are on the old
-- scale. Clearing them lets each process's upkeep (api/housekeeping.ts) read every post again.
UPDATE `posts` SET `tone` = NULL;
