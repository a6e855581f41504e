import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './helpers/chromium.ts';

/** A shop's checkout page on its own origin, with the capture script installed as documented. */
const shopPage = (debrief: string, key: string) => `<!doctype html><html><head><meta charset="utf-8"><title>Checkout</title>
<style>body{font:16px sans-serif;margin:40px} label{display:block;margin:14px 0} input,textarea{display:block;width:320px;padding:8px;font:inherit} button{padding:10px 24px;font:inherit}</style></head>
<body><h1>Checkout</h1>
<form name="checkout" onsubmit="event.preventDefault(); history.pushState({}, '', '/done'); document.getElementById('done').textContent = 'Thank you';">
<label>Email <input id="email" name="email" autocomplete="off"></label>
<label>Password <input id="password" name="password" type="password"></label>
<label>Notes <textarea id="notes" name="notes" rows="3"></textarea></label>
<button id="pay" type="submit">Pay now</button></form>
<p id="done"></p><div style="height:3000px"></div>
<script src="${debrief}/capture.js" data-key="${key}" data-user-id="shopper-1" async></script>
</body></html>`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Seeded randomness, so the person-like session is the same every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = Math.imul(a ^ (a >>> 15), a | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

/** A person moving the mouse: curved path, speeding up then slowing onto the target, with tremor and uneven timing. */
async function humanMove(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, rand: () => number) {
  const dist = Math.hypot(to.x - from.x, to.y - from.y);
  const steps = Math.max(12, Math.round(dist / 12));
  const bend = (rand() - 0.5) * 0.35 * dist;
  const nx = -(to.y - from.y) / (dist || 1), ny = (to.x - from.x) / (dist || 1);
  for (let i = 1; i <= steps; i++) {
    const u = i / steps, e = u * u * u * (10 - 15 * u + 6 * u * u), arc = Math.sin(Math.PI * e) * bend;
    const jitter = i < steps ? 0.8 : 0;
    await page.mouse.move(from.x + (to.x - from.x) * e + nx * arc + (rand() - 0.5) * jitter, from.y + (to.y - from.y) * e + ny * arc + (rand() - 0.5) * jitter);
    await sleep(9 + rand() * 9);
  }
  return to;
}

async function pointInside(page: Page, selector: string, rand: () => number) {
  const box = (await page.locator(selector).boundingBox())!;
  return { x: box.x + box.width * (0.25 + rand() * 0.5) + 0.37, y: box.y + box.height * (0.3 + rand() * 0.4) + 0.41 };
}

async function humanType(page: Page, text: string, rand: () => number) {
  for (const [i, ch] of [...text].entries()) {
    if (i % 9 === 4) {
      // A typo, noticed and fixed.
      await page.keyboard.down('x'); await sleep(60 + rand() * 50); await page.keyboard.up('x');
      await sleep(250 + rand() * 200);
      await page.keyboard.down('Backspace'); await sleep(70 + rand() * 40); await page.keyboard.up('Backspace');
      await sleep(120 + rand() * 100);
    }
    await page.keyboard.down(ch); await sleep(55 + rand() * 70); await page.keyboard.up(ch);
    await sleep(Math.exp(Math.log(130) + (rand() - 0.5) * 1.4));
  }
}

describe('behaviour capture in Chromium', () => {
  let s: TestServer;
  let shop: http.Server;
  let shopUrl: string;
  let browser: Browser;
  let personReplay: string;

  before(async () => {
    s = await startTestServer('pglite');
    shop = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(shopPage(s.url, s.keys.publishable));
    });
    await new Promise<void>((r) => shop.listen(0, '127.0.0.1', () => r()));
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/checkout`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  after(async () => { await browser?.close(); await s?.close(); shop?.close(); });

  async function reportOf(page: Page) {
    const id = await page.evaluate(() => (window as any).debrief.getSessionId());
    await page.evaluate(() => (window as any).debrief.flush());
    const res = await s.call('GET', `/v0.0/sessions/${id}/report`);
    assert.equal(res.status, 200);
    return { id, report: await res.json() as any };
  }

  it('a person-like session fails no check', async () => {
    // A real visitor's browser: not flagged as automated, with an ordinary user agent.
    const person = await chromium.launch({
      executablePath: CHROMIUM_PATH, ignoreDefaultArgs: ['--enable-automation'],
      args: [...CHROMIUM_ARGS, '--disable-blink-features=AutomationControlled'],
    });
    try {
      const version = person.version();
      const context = await person.newContext({ userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${version} Safari/537.36`, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const rand = rng(42);
      await page.goto(shopUrl);
      await page.waitForFunction(() => (window as any).debrief);
      await page.evaluate(() => (window as any).debrief.identify('shopper-1'));
      let at = { x: 640, y: 700 };
      await page.mouse.move(at.x, at.y);
      await sleep(600);
      for (const [field, text] of [['#email', 'jane.doe@example.com'], ['#password', 'correct horse battery staple ok'], ['#notes', 'Please leave it at the door']] as const) {
        at = await humanMove(page, at, await pointInside(page, field, rand), rand);
        await page.mouse.down(); await sleep(70 + rand() * 50); await page.mouse.up();
        await sleep(300 + rand() * 300);
        await humanType(page, text, rand);
        await sleep(400 + rand() * 500);
      }
      for (let i = 0; i < 3; i++) { await page.mouse.wheel(0, 60 + rand() * 40); await sleep(120 + rand() * 100); }
      for (let i = 0; i < 3; i++) { await page.mouse.wheel(0, -(60 + rand() * 40)); await sleep(120 + rand() * 100); }
      at = await humanMove(page, at, await pointInside(page, '#pay', rand), rand);
      await page.mouse.down(); await sleep(90); await page.mouse.up();
      await page.waitForFunction(() => document.getElementById('done')!.textContent === 'Thank you');
      const { id, report } = await reportOf(page);
      assert.deepEqual(report.failed_checks.map((c: any) => `${c.check}: ${JSON.stringify(c.evidence)}`), []);
      assert.equal(report.session_id, id);
      assert.equal(report.user_id, 'shopper-1');
      const actions = report.user_logs.map((l: any) => l.action);
      for (const a of ['Navigated to /checkout', 'Signed in', 'Clicked "Pay now"', 'Submitted form "checkout"', 'Navigated to /done']) assert.ok(actions.includes(a), `${a} in ${actions}`);
      assert.equal(report.recommended_action, 'allow');
      // Nothing typed left the page: not the email, not the password, not even its length.
      const stored = JSON.stringify(await (await fetch(`${report.session_replay.url}/events`)).json());
      for (const secret of ['jane.doe', 'correct horse', 'leave it at']) assert.ok(!stored.includes(secret), `"${secret}" was sent`);
      assert.ok(stored.includes('*'.repeat(20)), 'the email is replayed as a masked length');
      assert.ok(!stored.includes('*'.repeat(31)), 'the password is not sent even as a masked length');
      personReplay = report.session_replay.url;
      // The session id survives a reload of the tab.
      await page.reload();
      await page.waitForFunction(() => (window as any).debrief);
      assert.equal(await page.evaluate(() => sessionStorage.getItem('rtSessionId')), id);
    } finally {
      await person.close();
    }
  });

  it('flags a humanised Playwright bot (eased curves with overshoot, off-centre clicks, typing with random delays and fixed typos, wheel steps) in at least 4 of 5 runs', async () => {
    // Not marked as automated, with an ordinary user agent: what an evasive bot sets up.
    const bot = await chromium.launch({
      executablePath: CHROMIUM_PATH, ignoreDefaultArgs: ['--enable-automation'],
      args: [...CHROMIUM_ARGS, '--disable-blink-features=AutomationControlled'],
    });
    const outcomes: string[] = [];
    try {
      for (let run = 0; run < 5; run++) {
        const context = await bot.newContext({ userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${bot.version()} Safari/537.36`, viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        const rand = rng(1000 + run);
        await page.goto(shopUrl);
        await page.waitForFunction(() => (window as any).debrief);
        let at = { x: 300 + rand() * 600, y: 600 + rand() * 200 };
        await page.mouse.move(at.x, at.y);
        // A humaniser's stroke: an eased Bézier past the target and back, one move every 12 ms.
        const glide = async (to: { x: number; y: number }) => {
          const over = { x: to.x + (rand() - 0.5) * 30, y: to.y + (rand() - 0.5) * 20 };
          for (const [from, target, n] of [[at, over, 30], [over, to, 8]] as const) {
            const c = { x: (from.x + target.x) / 2 + (rand() - 0.5) * 200, y: (from.y + target.y) / 2 + (rand() - 0.5) * 200 };
            for (let i = 1; i <= n; i++) {
              const u = i / n, e = u < 0.5 ? 2 * u * u : 1 - (-2 * u + 2) ** 2 / 2;
              await page.mouse.move((1 - e) ** 2 * from.x + 2 * (1 - e) * e * c.x + e * e * target.x, (1 - e) ** 2 * from.y + 2 * (1 - e) * e * c.y + e * e * target.y);
              await sleep(12);
            }
          }
          at = to;
        };
        for (const [field, text] of [['#email', 'sam.bot@example.com'], ['#password', 'hunter2hunter2'], ['#notes', 'Leave the parcel with the neighbour please']] as const) {
          await glide(await pointInside(page, field, rand));
          await page.mouse.down(); await sleep(60 + rand() * 40); await page.mouse.up();
          for (const [i, ch] of [...text].entries()) {
            if (i === 5) { await page.keyboard.type('q', { delay: 40 + rand() * 80 }); await page.keyboard.press('Backspace', { delay: 40 + rand() * 60 }); }
            await page.keyboard.type(ch, { delay: 40 + rand() * 110 });
          }
          await sleep(300 + rand() * 300);
        }
        for (const dy of [100, 100, 100, -100, -100, -100]) { await page.mouse.wheel(0, dy); await sleep(80 + rand() * 60); }
        await glide(await pointInside(page, '#pay', rand));
        await page.mouse.down(); await sleep(80); await page.mouse.up();
        await page.waitForFunction(() => document.getElementById('done')!.textContent === 'Thank you');
        const { report } = await reportOf(page);
        outcomes.push(`${report.recommended_action} ${report.risk_score}: ${report.failed_checks.map((c: any) => c.id).join(', ')}`);
        await context.close();
      }
    } finally {
      await bot.close();
    }
    assert.ok(outcomes.filter((o) => !o.startsWith('allow')).length >= 4, outcomes.join('\n'));
  });

  it('a bot-like session fires the expected checks, each with evidence', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(shopUrl);
    await page.waitForFunction(() => (window as any).debrief);
    // Jumps sent back to back without waiting on each, so a loaded machine still delivers them within 40 ms.
    await Promise.all([[1200, 850], [60, 60], [1000, 700], [80, 820], [1200, 60]].map(([x, y]) => page.mouse.move(x, y)));
    await page.mouse.move(600, 400, { steps: 25 });
    await page.mouse.move(200, 150, { steps: 25 });
    await page.click('#email');
    await page.fill('#email', 'bot@example.com');
    await page.click('#notes');
    await page.keyboard.type('This text is typed by a script at an even pace.', { delay: 120 });
    await page.evaluate(() => {
      for (const id of ['password', 'notes']) {
        const data = new DataTransfer();
        data.setData('text/plain', 'pasted-secret-value');
        document.getElementById(id)!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }
    });
    await sleep(700);
    await page.evaluate(() => window.scrollTo(0, 2600));
    await sleep(100);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.click('#pay');
    const { report } = await reportOf(page);
    const fired = new Map(report.failed_checks.map((c: any) => [c.id, c]));
    for (const id of ['automation_flags', 'teleporting_pointer', 'straight_line_paths', 'centred_clicks', 'text_without_keystrokes', 'programmatic_typing', 'suspicious_copy_paste', 'jump_scrolling']) {
      const c = fired.get(id) as any;
      assert.ok(c, `${id} did not fire; fired: ${JSON.stringify(report.failed_checks)}`);
      assert.ok(Object.keys(c.evidence).length, `${id} has evidence`);
      assert.match(c.user_time, /^[A-Z][a-z]{2} \d{1,2}, \d{4} \d\d:\d\d:\d\d$/);
    }
    assert.equal(report.recommended_action, 'block');
    await page.close();
  });

  it('keeps batches while offline and delivers them, and sends the rest by beacon when the page goes away', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(shopUrl);
    await page.waitForFunction(() => (window as any).debrief);
    const id = await page.evaluate(() => (window as any).debrief.getSessionId());
    await context.setOffline(true);
    await page.evaluate(() => (window as any).debrief.track('Offline action'));
    const flushed = page.evaluate(() => (window as any).debrief.flush().then(() => 'acknowledged'));
    await sleep(1500);
    assert.equal((await s.call('GET', `/v0.0/sessions/${id}/report`)).status, 404, 'nothing has arrived while offline');
    await context.setOffline(false);
    assert.equal(await flushed, 'acknowledged');
    let r = await (await s.call('GET', `/v0.0/sessions/${id}/report`)).json() as any;
    assert.ok(r.user_logs.some((l: any) => l.action === 'Offline action'));
    // Leaving the page: the last events go by sendBeacon, without a flush.
    await page.evaluate(() => (window as any).debrief.track('Last words'));
    await page.goto('about:blank');
    for (let i = 0; i < 50 && !r.user_logs.some((l: any) => l.action === 'Last words'); i++) {
      await sleep(100);
      r = await (await s.call('GET', `/v0.0/sessions/${id}/report`)).json() as any;
    }
    assert.ok(r.user_logs.some((l: any) => l.action === 'Last words'), 'the beacon delivered the last batch');
    await context.close();
  });

  it('loses nothing of a quick visit that queued more than a beacon holds', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(shopUrl);
    await page.waitForFunction(() => (window as any).debrief);
    const id = await page.evaluate(() => (window as any).debrief.getSessionId());
    // Well over 64 KiB queued, then gone before the first batch is due.
    await page.evaluate(() => { for (let i = 0; i < 1500; i++) (window as any).debrief.track(`Viewed item ${i}`, { sku: `SKU-${i}`, note: 'x'.repeat(40) }); });
    await page.goto('about:blank');
    let logs: string[] = [];
    for (let i = 0; i < 50 && !logs.includes('Viewed item 1499'); i++) {
      await sleep(100);
      const res = await s.call('GET', `/v0.0/sessions/${id}/report`);
      if (res.status === 200) logs = ((await res.json()) as any).user_logs.map((l: any) => l.action);
    }
    for (const n of [0, 700, 1499]) assert.ok(logs.includes(`Viewed item ${n}`), `item ${n} arrived (${logs.length} logs)`);
    await context.close();
  });

  it('keeps one session id when sessionStorage throws, and starts a new session after 30 idle minutes in an open tab', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => Object.defineProperty(window, 'sessionStorage', { get() { throw new DOMException('denied', 'SecurityError'); } }));
    await page.goto(shopUrl);
    await page.waitForFunction(() => (window as any).debrief);
    const first = await page.evaluate(() => (window as any).debrief.getSessionId());
    await page.evaluate(() => (window as any).debrief.track('One'));
    await page.evaluate(() => (window as any).debrief.flush());
    await page.evaluate(() => (window as any).debrief.track('Two'));
    await page.evaluate(() => (window as any).debrief.flush());
    assert.equal(await page.evaluate(() => (window as any).debrief.getSessionId()), first);
    const r = await (await s.call('GET', `/v0.0/sessions/${first}/report`)).json() as any;
    assert.deepEqual(r.user_logs.filter((l: any) => ['One', 'Two'].includes(l.action)).map((l: any) => l.action), ['One', 'Two']);
    await context.close();

    const tab = await browser.newPage();
    await tab.goto(shopUrl);
    await tab.waitForFunction(() => (window as any).debrief);
    const before = await tab.evaluate(() => (window as any).debrief.getSessionId());
    // The tab was last used 31 minutes ago; the next event belongs to a new session.
    await tab.evaluate(() => sessionStorage.setItem('rtLastSeen', String(Date.now() - 31 * 60_000)));
    await tab.evaluate(() => (window as any).debrief.track('Back after lunch'));
    const after = await tab.evaluate(() => (window as any).debrief.getSessionId());
    assert.notEqual(after, before);
    assert.equal(await tab.evaluate(() => sessionStorage.getItem('rtSessionId')), after);
    await tab.evaluate(() => (window as any).debrief.flush());
    const back = await (await s.call('GET', `/v0.0/sessions/${after}/report`)).json() as any;
    assert.ok(back.user_logs.some((l: any) => l.action === 'Back after lunch'));
    assert.ok(!back.user_logs.some((l: any) => l.action === 'Navigated to /checkout'), 'what came before stays in the old session');
    await tab.close();
  });

  it('the replay page loads, plays the recording and seeks from the timeline', async () => {
    assert.ok(personReplay, 'the person-like session ran first');
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const res = await page.goto(personReplay);
    assert.equal(res?.status(), 200);
    await page.waitForSelector('.rr-player');
    const frame = page.frameLocator('.replayer-wrapper iframe');
    await frame.locator('form[name=checkout]').waitFor({ timeout: 10_000 });
    assert.ok(await page.locator('#timeline button.log').count() >= 4, 'user logs are marked on the timeline');
    assert.equal(await page.locator('#timeline button.check').count(), 0);
    // Click-to-seek: the last mark (the form sent) moves the player near the end.
    await page.locator('#timeline button.log').last().click();
    await sleep(300);
    const at = await page.evaluate(() => (window as any).debriefPlayer.getReplayer().getCurrentTime());
    const total = await page.evaluate(() => (window as any).debriefPlayer.getReplayer().getMetaData().totalTime);
    assert.ok(at > total * 0.5, `seeked to ${at} of ${total} ms`);
    const out = path.join('test', 'artifacts');
    fs.mkdirSync(out, { recursive: true });
    await page.screenshot({ path: path.join(out, 'behavior-replay.png'), fullPage: true });
    await page.close();
  });
});
