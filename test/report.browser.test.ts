import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { readySquatsSession, startTestServer, waitForSession, type TestServer } from './helpers/server.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './helpers/chromium.ts';
import { seeded } from '../eval/body.ts';
import { jumpMotion, liftMotion, runMotion, sample, STICK_HEIGHT_M } from '../eval/sports-gen.ts';
import { CASES } from '../eval/roleplay-set.ts';
import { generateSession } from '../eval/behavior-gen.ts';

const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };
const OUT = path.join('test', 'artifacts');

/** Every kind's report page in a real Chromium, at phone and desktop width, with a screenshot of each to look at. */
describe('report pages in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  before(async () => {
    s = await startTestServer('pglite');
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    fs.mkdirSync(OUT, { recursive: true });
  });
  after(async () => { await browser?.close(); await s?.close(); });

  async function ready(kind: string, options: Record<string, unknown>, input: string, body: string | Buffer, type: string) {
    const { id } = await (await s.call('POST', '/v1/sessions', { body: { kind, options } })).json() as { id: string };
    assert.equal((await s.call('PUT', `/v1/sessions/${id}/inputs/${input}`, { raw: body, headers: { 'content-type': type } })).status, 201);
    await s.call('POST', `/v1/sessions/${id}/complete`);
    const done = await waitForSession(s, id, undefined, 60_000) as { status: string; error: unknown };
    assert.equal(done.status, 'ready', JSON.stringify(done.error));
    return id;
  }

  /** Opens the session's report link at both widths; runs `check` on each; nothing but tables may be wider than the screen. */
  async function eachWidth(id: string, name: string, check: (page: Page) => Promise<void>) {
    const url = await (await s.call('GET', `/v1/report/${id}`)).json() as string;
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      const page = await browser.newPage({ viewport, deviceScaleFactor: size === 'phone' ? 2 : 1 });
      const res = await page.goto(url);
      assert.equal(res?.status(), 200, `${name} ${size}`);
      await check(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name} is ${overflow}px wider than the ${size}`);
      const charts = await page.locator('svg').evaluateAll((svgs) => svgs.map((e) => e.getBoundingClientRect().width));
      assert.ok(charts.every((w) => w <= viewport.width), `${name}: every chart fits the ${size}`);
      await page.screenshot({ path: path.join(OUT, `report-${name}-${size}.png`), fullPage: true });
      await page.close();
    }
  }

  it('exercise: the rep count, a table that fits, a chart with axes and rep markers, the form notes', async () => {
    const session = await readySquatsSession(s);
    await eachWidth(session.id, 'exercise', async (page) => {
      assert.equal(await page.locator('h2').first().textContent(), 'Squats');
      assert.match((await page.locator('.count').first().textContent())!, /2 reps completed/);
      assert.equal(await page.locator('tbody tr').count(), 2);
      assert.equal(await page.locator('svg rect.band').count(), 2, 'one shaded span per rep');
      assert.ok(await page.getByText('time (s)').first().isVisible(), 'the chart has a time axis');
      assert.ok(await page.getByText('Knee flexion').first().isVisible());
      // This recording's reps are on target (a peak short of it is a form note: report-page.test.ts).
      assert.ok(await page.getByText('Every measurement of every rep was on target.').isVisible());
    });
    const url = await (await s.call('GET', `/v1/report/${session.id}`)).json() as string;
    const page = await browser.newPage();
    const missing = await page.goto(url.replace(/\/r\/.+$/, '/r/AAAAAAAAAAAAAAAAAAAAAAAA'));
    assert.equal(missing?.status(), 404, 'a made-up token shows nothing');
    await page.close();
  });

  it('jumping, running and weightlifting: headline figures, their tables and charts', async () => {
    const noise = { fps: 60, format: 'blazepose33' as const, jitterPx: 1.5, dropPoint: 0.01, dropFrame: 0, view: 'side' as const, seed: 9 };
    const jump = jumpMotion('Countermovement Jump', seeded(5));
    const jumping = await ready('jumping', { exercise: 'Countermovement Jump', athlete_height_m: STICK_HEIGHT_M }, 'keypoints', JSON.stringify(sample(jump.motion, jump.durationS, noise)), 'application/json');
    await eachWidth(jumping, 'jumping', async (page) => {
      assert.match((await page.locator('h1').textContent())!, /Jump report: Countermovement Jump/);
      assert.ok(await page.getByText('best jump height').first().isVisible());
      assert.ok((await page.locator('table').first().locator('tbody tr').count()) >= 1, 'one row per jump');
      assert.ok(await page.getByText('Key frames').first().isVisible());
      assert.ok((await page.locator('svg rect.band').count()) >= 2, 'the phases are shaded');
    });
    const run = runMotion(seeded(8));
    const running = await ready('running', { speed_mps: 3.2 }, 'keypoints', JSON.stringify(sample(run.motion, run.durationS, noise)), 'application/json');
    await eachWidth(running, 'running', async (page) => {
      assert.ok(await page.getByText('steps per minute').first().isVisible());
      assert.ok((await page.locator('table').first().locator('tbody tr').count()) > 4, 'one row per step');
      assert.ok(await page.getByText('Cadence, step by step').first().isVisible());
      assert.ok(await page.getByText('Ground contact per step').first().isVisible());
    });
    const lift = liftMotion('deadlift', seeded(4));
    const lifting = await ready('weightlifting', { exercise_name: 'deadlift', athlete_height_m: STICK_HEIGHT_M, barbell_mass: 140 }, 'keypoints', JSON.stringify(sample(lift.motion, lift.durationS, noise)), 'application/json');
    await eachWidth(lifting, 'weightlifting', async (page) => {
      assert.match((await page.locator('h1').textContent())!, /Lift report: Deadlift/);
      assert.equal(await page.locator('table').first().locator('tbody tr').count(), lift.truth.reps, 'one row per rep');
      for (const chart of ['Bar path', 'Bar speed', 'Hip height']) assert.ok(await page.locator('svg', { hasText: chart }).first().isVisible(), chart);
    });
  });

  it('roleplay: score, rank, graded items with their quotes, and the transcript with the quotes marked', async () => {
    const good = CASES.find((c) => c.scenario === 'sales-discovery' && c.label === 'good')!;
    const id = await ready('roleplay', { scenario: 'sales-discovery' }, 'transcript', JSON.stringify({ lines: good.lines, duration_seconds: good.duration }), 'application/json');
    const detail = await (await s.call('GET', `/rest/v1/sessions/${id}?include=evaluations`)).json() as { score: number; rank: string; evaluations: { items: { name: string }[] }[] };
    await eachWidth(id, 'roleplay', async (page) => {
      assert.ok(await page.getByText('score of 100').first().isVisible());
      assert.equal(await page.locator('.tile b').first().textContent(), String(Math.round(detail.score * 10) / 10));
      assert.ok(await page.locator('.tile b', { hasText: detail.rank }).first().isVisible());
      assert.ok(await page.getByText(detail.evaluations[0].items[0].name).first().isVisible());
      assert.equal(await page.locator('.line').count(), good.lines.filter((l) => l.speaker !== 'system').length);
      assert.ok((await page.locator('.line.user mark').count()) >= 1, 'quoted words are highlighted in the transcript');
    });
  });

  it('behaviour: the verdict, the failed checks with their evidence, what the visitor did; its replay link opens no report', async () => {
    const events = generateSession('naive_linear', 3);
    const batch = { session_id: 'report-page-0001', seq: 0, user_id: 'visitor-7', events };
    assert.equal((await fetch(`${s.url}/v1/collect?key=${s.keys.publishable}`, { method: 'POST', body: JSON.stringify(batch), headers: { 'content-type': 'text/plain' } })).status, 200);
    const report = await (await s.call('GET', '/v0.0/sessions/report-page-0001/report')).json() as { failed_checks: { check: string }[]; session_replay: { url: string } };
    const sessions = await (await s.call('GET', '/v1/sessions?kind=behavior')).json() as { data: { id: string }[] };
    await eachWidth(sessions.data[0].id, 'behavior', async (page) => {
      assert.ok(await page.getByText('risk score of 100').first().isVisible());
      assert.ok(await page.getByText('This visit looks automated or scripted.').first().isVisible());
      assert.equal(await page.locator('table').first().locator('tbody tr').count(), report.failed_checks.length);
      assert.ok(await page.getByText(report.failed_checks[0].check).first().isVisible());
    });
    const url = await (await s.call('GET', `/v1/report/${sessions.data[0].id}`)).json() as string;
    const replayToken = report.session_replay.url.split('/replay/')[1];
    assert.notEqual(url.split('/r/')[1], replayToken, 'the report and the replay have links of their own');
    assert.equal((await fetch(`${s.url}/r/${replayToken}`)).status, 404, 'a replay link opens no report page');
    assert.equal((await fetch(`${s.url}/replay/${url.split('/r/')[1]}`)).status, 404, 'a report link opens no replay');
  });
});
