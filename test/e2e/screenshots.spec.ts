import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { inflateSync } from 'node:zlib';
import { SCREENSHOT_SIZE, SCREENSHOTS, takeScreenshots } from './screenshots.js';

/** A PNG's size, and how many different byte values its pixels hold (a blank picture has two or three). */
function readPng(path: string): { width: number; height: number; byteValues: number } {
  const file = readFileSync(path);
  expect(file.subarray(1, 4).toString('latin1'), `${path} is a PNG`).toBe('PNG');
  const chunks: Buffer[] = [];
  for (let at = 8; at < file.length;) {
    const length = file.readUInt32BE(at);
    if (file.subarray(at + 4, at + 8).toString('latin1') === 'IDAT') chunks.push(file.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const pixels = inflateSync(Buffer.concat(chunks));
  return { width: file.readUInt32BE(16), height: file.readUInt32BE(20), byteValues: new Set(pixels).size };
}

test('the store screenshots: the bar on an X post, the customer card, suggestions, the queue and the reports, each 1280×800', async ({}, testInfo) => {
  test.setTimeout(90_000);
  // Into the test's own output folder: CI's pictures are never committed.
  const paths = await takeScreenshots(testInfo.outputPath('store-screenshots'));
  expect(paths.map((path) => basename(path, '.png'))).toEqual([...SCREENSHOTS]);
  for (const path of paths) {
    const png = readPng(path);
    expect({ width: png.width, height: png.height }, path).toEqual(SCREENSHOT_SIZE);
    expect(png.byteValues, `${path} shows something`).toBeGreaterThan(32);
  }
});
