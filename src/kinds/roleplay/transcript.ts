import { InputInvalid } from '../../analysis-errors.ts';

export type Speaker = 'ai' | 'user' | 'system';
export interface Line { speaker: Speaker; text: string; seconds_from_start: number }
export interface Transcript { lines: Line[]; durationSeconds: number | null }

const SPEAKERS = new Set(['ai', 'user', 'system']);
/** Names that caption files commonly use for each side. */
const ALIASES: Record<string, Speaker> = {
  ai: 'ai', assistant: 'ai', bot: 'ai', persona: 'ai', customer: 'ai', prospect: 'ai', buyer: 'ai', client: 'ai', agent: 'ai',
  user: 'user', trainee: 'user', rep: 'user', seller: 'user', learner: 'user', coach: 'user', me: 'user', you: 'user',
  system: 'system', narrator: 'system',
};

function speakerOf(name: string, where: string, mapping: Record<string, Speaker>): Speaker {
  const key = name.trim().toLowerCase();
  const s = mapping[key] ?? ALIASES[key];
  if (!s) throw new InputInvalid(`${where}: unknown speaker '${name.trim()}' (use ai, user or system, or map names with options.speakers)`);
  return s;
}

function parseJson(text: string): Transcript {
  let doc: unknown;
  try { doc = JSON.parse(text); } catch (err) { throw new InputInvalid(`not valid JSON (${(err as Error).message})`, 'input_malformed'); }
  const body = Array.isArray(doc) ? { lines: doc } : (doc as { lines?: unknown; duration_seconds?: unknown });
  if (!body || !Array.isArray(body.lines)) throw new InputInvalid('expected an array of lines, or {lines, duration_seconds}');
  const lines = body.lines.map((l: unknown, i: number): Line => {
    const where = `line ${i + 1}`;
    if (!l || typeof l !== 'object') throw new InputInvalid(`${where}: expected {speaker, text, seconds_from_start}`);
    const { speaker, text: t, seconds_from_start: s } = l as Record<string, unknown>;
    if (typeof speaker !== 'string' || !SPEAKERS.has(speaker)) throw new InputInvalid(`${where}: speaker must be "ai", "user" or "system"`);
    if (typeof t !== 'string' || !t.trim()) throw new InputInvalid(`${where}: text must be a non-empty string`);
    if (typeof s !== 'number' || !Number.isFinite(s) || s < 0) throw new InputInvalid(`${where}: seconds_from_start must be a number ≥ 0`);
    return { speaker: speaker as Speaker, text: t.trim(), seconds_from_start: s };
  });
  const d = (body as { duration_seconds?: unknown }).duration_seconds;
  if (d !== undefined && (typeof d !== 'number' || !Number.isFinite(d) || d < 0)) throw new InputInvalid('duration_seconds must be a number ≥ 0');
  return { lines, durationSeconds: (d as number | undefined) ?? null };
}

const TIME = /(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})/;
const seconds = (m: RegExpExecArray) => Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4].padEnd(3, '0')) / 1000;

/** WebVTT and SRT cues: `<v Name>text`, `Name: text`, or `[Name] text` name the speaker. */
function parseCues(text: string, mapping: Record<string, Speaker>): Transcript {
  const blocks = text.replace(/\r/g, '').split(/\n{2,}/);
  const lines: Line[] = [];
  let end = 0;
  blocks.forEach((block, b) => {
    const rows = block.split('\n').filter((r) => r.trim());
    const t = rows.findIndex((r) => r.includes('-->'));
    if (t === -1) return; // header, NOTE, or a cue number alone
    const [from, to] = rows[t].split('-->').map((p) => TIME.exec(p));
    if (!from || !to) throw new InputInvalid(`cue ${b + 1}: bad time line '${rows[t].trim()}'`);
    end = Math.max(end, seconds(to));
    const body = rows.slice(t + 1).join(' ').trim();
    if (!body) return;
    const m = /^<v\s+([^>]+)>(.*)$/i.exec(body) ?? /^\[([^\]]+)\]\s*(.*)$/.exec(body) ?? /^([^:]{1,40}):\s+(.*)$/.exec(body);
    if (!m) throw new InputInvalid(`cue ${b + 1}: no speaker (write "Name: text" or "<v Name>text")`);
    lines.push({ speaker: speakerOf(m[1], `cue ${b + 1}`, mapping), text: m[2].replace(/<[^>]+>/g, '').trim(), seconds_from_start: seconds(from) });
  });
  return { lines, durationSeconds: end || null };
}

/** Reads a transcript as JSON, WebVTT or SRT; every problem names its line. */
export function parseTranscript(body: string, contentType: string, mapping: Record<string, Speaker> = {}): Transcript {
  const t = contentType === 'application/json' ? parseJson(body) : parseCues(body, mapping);
  if (!t.lines.length) throw new InputInvalid('the transcript has no lines');
  for (let i = 1; i < t.lines.length; i++) {
    if (t.lines[i].seconds_from_start < t.lines[i - 1].seconds_from_start) {
      throw new InputInvalid(`line ${i + 1}: seconds_from_start goes back in time (${t.lines[i].seconds_from_start} after ${t.lines[i - 1].seconds_from_start})`);
    }
  }
  return t;
}
