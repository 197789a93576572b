/** api/csv.ts: cells and rows as RFC 4180 says, customers' words never a formula, and a stream that reads a page only when asked. */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvResponse, csvRow, type CsvCell } from '../../api/csv.js';

describe('csvCell', () => {
  it.each<[CsvCell, string]>([
    [null, ''],
    [undefined, ''],
    ['', ''],
    ['plain words', 'plain words'],
    [42, '42'],
    [-0.25, '-0.25'],
    [Number.NaN, ''],
    [Number.POSITIVE_INFINITY, ''],
    [true, 'true'],
    [false, 'false'],
  ])('writes %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tTab', '\rReturn'])('starts text a spreadsheet would run (%j) with a quote mark', (text) => {
    expect(csvCell(text).replace(/^"/, '')).toMatch(/^'/);
  });

  it('leaves a negative number a number: only text is neutralised', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('-3')).toBe("'-3");
  });

  it.each([
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['one\ntwo', '"one\ntwo"'],
    ['one\r\ntwo', '"one\r\ntwo"'],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
  ])('quotes %j as %j, its quotes doubled', (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });
});

describe('csvRow', () => {
  it('joins the cells with commas and ends the record with CRLF', () => {
    expect(csvRow(['a', 1, null, 'b,c'])).toBe('a,1,,"b,c"\r\n');
    expect(csvRow([])).toBe('\r\n');
  });

  it('reads back, through an RFC 4180 parser, as the cells it was given (text that could run, behind its quote mark)', () => {
    const unit = fc.constantFrom('a', 'Z', ' ', ',', '"', '\r', '\n', '\r\n', '=', '+', '-', '@', '\t', 'é', '😀', "'");
    const cells = fc.array(fc.string({ unit, maxLength: 12 }), { minLength: 2, maxLength: 5 });
    fc.assert(fc.property(fc.array(cells, { minLength: 1, maxLength: 5 }), (rows) => {
      const width = rows[0]!.length;
      const table = rows.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ''));
      const text = table.map(csvRow).join('');
      const expected = table.map((row) => row.map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)));
      expect(parse(text, { relax_quotes: false })).toEqual(expected);
    }), { numRuns: 300 });
  });
});

/** Pages that count how many were read, and whether the reader let go early. */
function countedPages(pages: CsvCell[][][], failAt?: number) {
  const state = { read: 0, finished: false };
  async function* generate() {
    try {
      for (const [index, page] of pages.entries()) {
        if (index === failAt) throw new Error('the database went away');
        state.read += 1;
        yield page;
      }
    } finally {
      state.finished = true;
    }
  }
  return { state, pages: generate() };
}

describe('csvResponse', () => {
  it('answers a CSV attachment that nobody caches: the header, then every page', async () => {
    const { pages } = countedPages([[['a', 1]], [['b', 2], ['c, d', null]]]);
    const response = csvResponse('report.csv', ['name', 'count'], pages);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="report.csv"');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe('name,count\r\na,1\r\nb,2\r\n"c, d",\r\n');
  });

  it('answers the header alone when there are no rows', async () => {
    const { pages } = countedPages([]);
    expect(await csvResponse('empty.csv', ['name'], pages).text()).toBe('name\r\n');
  });

  it('reads a page only when the one before it has been taken', async () => {
    const { state, pages } = countedPages(Array.from({ length: 5 }, (_, n) => [[`row ${n}`]]));
    const reader = csvResponse('lazy.csv', ['name'], pages).body!.getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe('name\r\n');
    expect(state.read).toBeLessThanOrEqual(1);
    expect(decoder.decode((await reader.read()).value)).toBe('row 0\r\n');
    expect(state.read).toBeLessThanOrEqual(2);
    // A client that goes away stops the reading, and the pages' source is closed.
    await reader.cancel();
    expect(state.read).toBeLessThanOrEqual(2);
    expect(state.finished).toBe(true);
  });

  it('cuts the file off, without a word of the error, when a page cannot be read', async () => {
    const { pages } = countedPages([[['fine']], [['never']]], 1);
    const reader = csvResponse('broken.csv', ['name'], pages).body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const failure = await (async () => {
      for (;;) {
        const next = await reader.read();
        if (next.done) return undefined;
        text += decoder.decode(next.value);
      }
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(text).toBe('name\r\nfine\r\n');
  });
});
