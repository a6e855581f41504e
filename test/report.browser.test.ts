import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { readySquatsSession, startTestServer, type TestServer } from './helpers/server.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './helpers/chromium.ts';


/** The report page in a real Chromium, at phone size: content, chart, and a screenshot to look at. */
describe('exercise report page in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  before(async () => {
    s = await startTestServer('pglite');
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  after(async () => { await browser?.close(); await s?.close(); });

  it('shows the rep count, the reps table, the chart and the form notes without a key', async () => {
    const session = await readySquatsSession(s);
    const url = await (await s.call('GET', `/v1/report/${session.id}`)).json() as string;
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const res = await page.goto(url);
    assert.equal(res?.status(), 200);
    assert.equal(await page.locator('h2').first().textContent(), 'Squats');
    assert.match((await page.locator('.count').first().textContent())!, /2 reps completed/);
    assert.equal(await page.locator('tbody tr').count(), 2);
    assert.equal(await page.locator('svg circle').count(), 2, 'one peak marker per rep');
    assert.equal(await page.locator('svg rect').count(), 2, 'one shaded span per rep');
    assert.ok(await page.getByText('Knee flexion').first().isVisible());
    // Readable on a phone: nothing wider than the screen but the scrollable table.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
    const out = path.join('test', 'artifacts');
    fs.mkdirSync(out, { recursive: true });
    await page.screenshot({ path: path.join(out, 'exercise-report.png'), fullPage: true });
    // A made-up token shows nothing.
    const missing = await page.goto(url.replace(/\/r\/.+$/, '/r/AAAAAAAAAAAAAAAAAAAAAAAA'));
    assert.equal(missing?.status(), 404);
  });
});
