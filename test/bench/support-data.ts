/** The real customer-support conversations in ../shared/data/support, parsed once. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';

export interface SupportTweet {
  tweetId: string;
  authorId: string;
  inbound: boolean;
  createdAt: Date;
  text: string;
  inResponseTo: string | null;
}

export const supportDir = resolve(import.meta.dirname, '../../../shared/data/support');

export function loadSupportTweets(file = 'twcs_head5000.csv'): SupportTweet[] {
  // One row holds raw \r\r inside an unquoted field (see the data README): strip \r before parsing.
  const text = readFileSync(resolve(supportDir, file), 'utf8').replace(/\r/g, '');
  const rows = parse(text, { columns: true, skip_empty_lines: true, relax_quotes: true }) as Record<string, string>[];
  return rows.map((row) => ({
    tweetId: row.tweet_id ?? '',
    authorId: row.author_id ?? '',
    inbound: row.inbound === 'True',
    createdAt: new Date(row.created_at ?? 0),
    text: row.text ?? '',
    inResponseTo: row.in_response_to_tweet_id || null,
  }));
}
