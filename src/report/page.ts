import { escapeHtml } from './html.ts';

/**
 * The frame every kind's report page shares: one self-contained HTML document (inline styles and
 * SVG, no script, nothing fetched but the session's own video), readable on a phone and a desktop.
 */

const STYLE = `
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1d2733;background:#fff}
h1{font-size:1.5rem;margin:.5rem 0}h2{margin-top:2rem;border-bottom:1px solid #dde;font-size:1.25rem}h3{font-size:1.05rem}
svg{width:100%;height:auto;background:#f7f9fb;border-radius:6px;display:block;margin:.75rem 0}
video{width:100%;max-height:70vh;background:#000;border-radius:6px}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:.35rem .5rem;border-bottom:1px solid #e4e8ee;text-align:left;vertical-align:top}
th{background:#f3f5f8;font-weight:600}td.num{font-variant-numeric:tabular-nums;white-space:nowrap}
.ok{color:#17663a}.warn{color:#a33b00;font-weight:600}
.notes{background:#fff6e5;border-left:4px solid #d98c00;padding:.5rem 1rem .5rem 2rem}
.meta{color:#667;font-size:.9rem}.big{font-size:1.2rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.5rem;margin:1rem 0}
.tile{background:#f3f5f8;border-radius:6px;padding:.5rem .75rem}.tile b{display:block;font-size:1.3rem}.tile span{color:#556;font-size:.85rem}
mark{background:#fff1a8;padding:0 .1em}
.line{margin:.25rem 0;padding:.25rem .5rem;border-radius:4px}.line.user{background:#eef5ff}.line.ai{background:#f5f5f5}
.grade-good{color:#17663a}.grade-mid{color:#8a6d00}.grade-bad{color:#a33b00}
@media (max-width:40rem){body{padding:.6rem}th,td{padding:.3rem .35rem;font-size:.82rem}}
`;

export function reportDocument(title: string, session: { id: string; createdAt: Date }, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">Session ${escapeHtml(session.id)} · ${session.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</p>
${body}
</body></html>`;
}

/** A table that scrolls sideways inside the page when it is wider than the screen. */
export function table(headers: string[], rows: string[][], numeric: boolean[] = []): string {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`).join('');
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** Headline figures as tiles: value above, what it is below. */
export const tiles = (items: [string, string][]) =>
  `<div class="tiles">${items.map(([value, label]) => `<div class="tile"><b>${escapeHtml(value)}</b><span>${escapeHtml(label)}</span></div>`).join('')}</div>`;

/** The analysed video of the session, when there is one (served by its capability link on this origin). */
export const sessionVideo = (session: { analyzedVideoToken: string | null }) =>
  (session.analyzedVideoToken ? `<video controls preload="metadata" playsinline src="/f/${escapeHtml(session.analyzedVideoToken)}"></video>` : '');

/** A number for a table cell: rounded, with its unit, or a dash when there is none. */
export const figure = (v: number | null | undefined, digits = 2, unit = '') =>
  (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${Number(v.toFixed(digits))}${unit}`);
