// PostgreSQL text and jsonb cannot hold U+0000, and a lone UTF-16 surrogate has no UTF-8 form:
// either one in a stored string fails the query (a 500) or, worse, a later read. Strings from the
// path, the query and JSON bodies are checked once, before any route sees them (http/sanitize.ts).
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is exactly what this must find.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The path of the first unstorable string in a parsed value (keys included), or null. */
export function unstorableAt(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  // Only what JSON.parse and the query parser build: a stream or a buffer handed on as the body is the route's to read.
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const at = unstorableAt(value[i], `${path}[${i}]`, depth + 1);
      if (at) return at;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    const here = path ? `${path}.${k}` : k;
    if (UNSTORABLE.test(k)) return here;
    const at = unstorableAt(v, here, depth + 1);
    if (at) return at;
  }
  return null;
}

const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/**
 * A document made storable: NUL and unpaired surrogates in its strings (and keys) become U+FFFD.
 * For what an analysis derives from accepted inputs (a transcript line, a page's URL in a
 * behaviour log): those were taken as they came, and must never make saving the result, or a
 * later read of it, fail. Returns the value itself when there is nothing to replace.
 */
export function storable<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return (UNSTORABLE.test(value) ? value.replace(UNSTORABLE_ALL, '\ufffd') : value) as T;
  if (value === null || typeof value !== 'object' || depth > 64 || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v === 'number') continue;
      const fixed = storable(v, depth + 1);
      if (fixed !== v) (out ??= value.slice())[i] = fixed;
    }
    return (out ?? value) as T;
  }
  let out: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = storable(k), fixed = storable(v, depth + 1);
    if (key !== k || fixed !== v) {
      out ??= { ...(value as Record<string, unknown>) };
      if (key !== k) delete out[k];
      out[key] = fixed;
    }
  }
  return (out ?? value) as T;
}
