/**
 * Reads a large JSON object without building all of it at once. `JSON.parse` of a 150 MB keypoints
 * upload makes a 150 MB string and a tree of ~7 million small arrays (about 2 GB at its peak); here
 * the top-level members are found by one pass over the bytes, the small ones parsed as usual, and
 * the big arrays (`frames`, `world`) kept as the byte ranges of their elements, each parsed when it
 * is read. Anything the pass does not expect gives null, and the caller parses the usual way (which
 * then reports the syntax error).
 */
import { InputInvalid } from '../analysis-errors.ts';

/** An array member of the document, read element by element from its bytes. */
export class JsonArrayView {
  constructor(private readonly bytes: Buffer, private readonly bounds: number[], readonly name: string) {}
  get length() { return this.bounds.length / 2; }
  /** The element parsed; a syntax error in it is reported as the whole document's would be, saying where. */
  at(i: number): unknown {
    const text = this.bytes.toString('utf8', this.bounds[2 * i], this.bounds[2 * i + 1]);
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new InputInvalid(`not valid JSON (in ${this.name}[${i}]: ${(err as Error).message})`, 'input_malformed');
    }
  }
}

const SPACE = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) SPACE[c] = 1;
const QUOTE = 0x22, BACKSLASH = 0x5c, COLON = 0x3a, COMMA = 0x2c;
const OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d, OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d;

/**
 * The document's members, with those named in `lazy` that hold arrays as JsonArrayView; null when
 * the bytes are not a JSON object this pass can read (the caller falls back to JSON.parse).
 */
export function readJsonObject(bytes: Buffer, lazy: string[]): Record<string, unknown> | null {
  const n = bytes.length;
  let i = 0;
  const skipSpace = () => { while (i < n && SPACE[bytes[i]]) i++; };
  /** Past the string starting at i (a quote); -1 when it does not close. */
  const endOfString = (from: number) => {
    for (let j = from + 1; j < n; j++) {
      const c = bytes[j];
      if (c === BACKSLASH) j++;
      else if (c === QUOTE) return j + 1;
    }
    return -1;
  };
  /** Past the value starting at i; element bounds of a top-level array are pushed to `into`. */
  const endOfValue = (from: number, into: number[] | null): number => {
    const first = bytes[from];
    if (first === QUOTE) return endOfString(from);
    if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
      let j = from;
      while (j < n && !SPACE[bytes[j]] && bytes[j] !== COMMA && bytes[j] !== CLOSE_OBJECT && bytes[j] !== CLOSE_ARRAY) j++;
      return j > from ? j : -1;
    }
    let depth = 0, start = -1;
    for (let j = from; j < n; j++) {
      const c = bytes[j];
      if (c === QUOTE) {
        if (into && depth === 1 && start < 0) start = j;
        j = endOfString(j) - 1;
        if (j < 0) return -1;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (into && depth === 1 && start < 0) start = j;
        depth++;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        depth--;
        if (depth === 0) {
          if (into && start >= 0) into.push(start, trimEnd(start, j));
          else if (into?.length) return -1; // a trailing comma: `[1, 2, ]`
          return j + 1;
        }
      } else if (into && depth === 1) {
        if (c === COMMA) {
          if (start < 0) return -1; // an empty element: `[1, , 2]`
          into.push(start, trimEnd(start, j));
          start = -1;
        } else if (start < 0 && !SPACE[c]) start = j;
      }
    }
    return -1;
  };
  const trimEnd = (start: number, end: number) => { while (end > start && SPACE[bytes[end - 1]]) end--; return end; };

  skipSpace();
  if (bytes[i] !== OPEN_OBJECT) return null;
  i++;
  const out: Record<string, unknown> = {};
  try {
    for (;;) {
      skipSpace();
      if (bytes[i] === CLOSE_OBJECT && Object.keys(out).length === 0) { i++; break; }
      if (bytes[i] !== QUOTE) return null;
      const keyEnd = endOfString(i);
      if (keyEnd < 0) return null;
      const key = JSON.parse(bytes.toString('utf8', i, keyEnd)) as string;
      i = keyEnd;
      skipSpace();
      if (bytes[i] !== COLON) return null;
      i++;
      skipSpace();
      const bounds = lazy.includes(key) && bytes[i] === OPEN_ARRAY ? [] as number[] : null;
      const end = endOfValue(i, bounds);
      if (end < 0) return null;
      out[key] = bounds ? new JsonArrayView(bytes, bounds, key) : JSON.parse(bytes.toString('utf8', i, end));
      i = end;
      skipSpace();
      if (bytes[i] === COMMA) { i++; continue; }
      if (bytes[i] === CLOSE_OBJECT) { i++; break; }
      return null;
    }
  } catch {
    return null;
  }
  skipSpace();
  return i === n ? out : null;
}
