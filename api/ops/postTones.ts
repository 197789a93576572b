/**
 * Posts stored before tone was read get theirs: a few hundred at a time, each batch its own write
 * (the customer views that show them are rebuilt with it), until none is left.
 */
import type { Database } from '../db/client.js';
import { tone } from '../domain/tone.js';

const TONE_CHUNK = 500;
const untoned = 'SELECT id, text FROM posts WHERE tone IS NULL LIMIT ?';
// Only a post still without tone: another process may have read it meanwhile.
const setTone = 'UPDATE posts SET tone = ? WHERE id = ? AND tone IS NULL';

/** The tone of a post as stored: its score, to three decimals. */
export const storedTone = (text: string) => Math.round(tone(text).score * 1000) / 1000;

/** Gives every post without a tone its tone; answers how many it gave. */
export async function readUntonedPosts(db: Database): Promise<number> {
  let toned = 0;
  for (;;) {
    const rows = (await db.client.execute({ sql: untoned, args: [TONE_CHUNK] })).rows;
    if (rows.length === 0) return toned;
    await db.tx((tx) => tx.$client.batch(rows.map((row) => ({ sql: setTone, args: [storedTone(String(row[1])), String(row[0])] }))));
    toned += rows.length;
    if (rows.length < TONE_CHUNK) return toned;
  }
}
