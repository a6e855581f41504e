import { escapeHtml } from '../../report/html.ts';

/**
 * The replay page: rrweb-player with the recording, and a timeline marking what the person did
 * (blue) and the failed checks (red); clicking a mark or a line of the lists seeks the player.
 * The data comes from `./events` under the same capability token.
 */
export function replayPage(title: string, nonce: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/assets/rrweb-player.css">
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#222}
main{max-width:1100px;margin:0 auto;padding:1.2rem}
h1{font-size:1.3rem;margin:.2rem 0 1rem}
#player{background:#fff;border-radius:8px;padding:.5rem;box-shadow:0 1px 3px #0002;display:flow-root}
#player .rr-player{float:none;margin:0 auto}
#timeline{clear:both;position:relative;height:28px;margin:1rem 0 .4rem;background:#e3e6ea;border-radius:4px}
#timeline button{position:absolute;top:4px;width:10px;height:20px;margin-left:-5px;border:0;border-radius:3px;cursor:pointer;padding:0}
.log{background:#2f6fd6}.check{background:#d33}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
ol{background:#fff;border-radius:8px;padding:.6rem .6rem .6rem 2rem;margin:0}
li{cursor:pointer;padding:.15rem 0}li:hover{text-decoration:underline}
.muted{color:#667}.risk{font-weight:600}
</style></head><body><main>
<h1>${escapeHtml(title)}</h1>
<p id="summary" class="muted">Loading the recording…</p>
<div id="player"></div>
<div id="timeline" aria-label="timeline"></div>
<div class="cols"><section><h2>What the person did</h2><ol id="logs"></ol></section>
<section><h2>Failed checks</h2><ol id="checks"></ol></section></div>
</main>
<script src="/assets/rrweb-player.js"></script>
<script nonce="${nonce}">
(async () => {
  const res = await fetch(location.pathname.replace(/\\/$/, '') + '/events');
  const data = await res.json();
  const summary = document.getElementById('summary');
  if (!res.ok) { summary.textContent = data.error ? data.error.message : 'This recording cannot be shown.'; return; }
  summary.innerHTML = '';
  const risk = document.createElement('span'); risk.className = 'risk';
  risk.textContent = 'Risk ' + data.report.risk_score + '/100 (' + data.report.recommended_action + ')';
  summary.append(risk, ' · ' + data.report.duration_seconds + ' s · ' + data.report.failed_checks.length + ' failed checks');
  if (data.events.length < 2) { summary.append(' · no recording yet'); return; }
  const Player = window.rrwebPlayer.default || window.rrwebPlayer;
  const width = Math.min(1060, document.getElementById('player').clientWidth - 16);
  const player = new Player({ target: document.getElementById('player'), props: { events: data.events, width, height: Math.round(width * 0.56), autoPlay: true, showController: true } });
  window.debriefPlayer = player;
  const start = data.events[0].timestamp, end = data.events[data.events.length - 1].timestamp, span = Math.max(1, end - start);
  const seek = (t) => player.goto(Math.max(0, Math.min(span, t - start)), true);
  const mark = (list, className, text) => {
    const timeline = document.getElementById('timeline'), ol = document.getElementById(className === 'log' ? 'logs' : 'checks');
    for (const item of list) {
      const b = document.createElement('button');
      b.className = className; b.title = text(item) + ' · ' + item.user_time;
      b.style.left = (Math.max(0, Math.min(1, (item.timestamp - start) / span)) * 100) + '%';
      b.onclick = () => seek(item.timestamp);
      timeline.append(b);
      const li = document.createElement('li');
      li.textContent = item.user_time + ' — ' + text(item);
      li.onclick = () => seek(item.timestamp);
      ol.append(li);
    }
  };
  mark(data.report.user_logs, 'log', (l) => l.action);
  mark(data.report.failed_checks, 'check', (c) => c.check);
  for (const id of ['logs', 'checks']) {
    const ol = document.getElementById(id);
    if (!ol.children.length) { const li = document.createElement('li'); li.className = 'muted'; li.textContent = 'None'; ol.append(li); }
  }
})();
</script></body></html>`;
}
