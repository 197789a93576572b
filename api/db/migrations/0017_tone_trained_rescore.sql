-- tone() is now a model trained on TweetEval's training tweets, with its own bands: scores stored
-- before it are on the old scale. Clearing them lets each process's upkeep (api/housekeeping.ts)
-- read every post again, and the priority scores and customer views follow.
UPDATE `posts` SET `tone` = NULL;
