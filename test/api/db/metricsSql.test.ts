/** The reports' SQL definitions, run in libSQL itself: local dates across a clock change, and medians and nearest-rank p90. */
import { createClient } from '@libsql/client';
import { afterAll, expect, test } from 'vitest';
import { offsetChanges } from '../../../api/domain/reportPeriod.js';
import { localDateSql, statsSql } from '../../../api/db/metricsSql.js';

const client = createClient({ url: ':memory:' });
afterAll(() => client.close());

test("an instant's local date, before and after New York's clocks go forward", async () => {
  const offsets = offsetChanges(Date.parse('2026-03-01T05:00:00Z'), Date.parse('2026-03-15T04:00:00Z'), 'America/New_York');
  const instants = ['2026-03-08T04:59:00Z', '2026-03-08T05:00:00Z', '2026-03-09T03:59:00Z', '2026-03-09T04:00:00Z'];
  const rows = await client.execute({ sql: `SELECT ${localDateSql('value', offsets)} FROM json_each(?) ORDER BY value`, args: [JSON.stringify(instants.map(Date.parse))] });
  expect(rows.rows.map((row) => row[0])).toEqual(['2026-03-07', '2026-03-08', '2026-03-08', '2026-03-09']);
});

test.each([
  [[5], 5, 5, 5],
  [[1, 2], 1.5, 2, 1.5],
  [[3, 1, 2], 2, 3, 2],
  [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 9, 5.5],
  [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 6, 10, 6],
  [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200], 105, 180, 105],
])('%j: median %d, p90 %d (rank ⌈0.9·n⌉), mean %d', async (values, median, p90, mean) => {
  const source = `SELECT 'all' AS grp, value FROM json_each(?) UNION ALL SELECT 'all', NULL`;
  const [row] = (await client.execute({ sql: statsSql(source), args: [JSON.stringify(values)] })).rows;
  expect({ n: Number(row![1]), mean: Number(row![2]), median: Number(row![3]), p90: Number(row![4]) }).toEqual({ n: values.length, mean, median, p90 });
});
