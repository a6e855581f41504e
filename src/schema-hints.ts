/**
 * What a JSON schema allows at a place in a document, so a validation error can say it: the values
 * a field takes ('Countermovement Jump', 'Squat Jump', …) and the fields an object takes.
 */

type Schema = Record<string, unknown>;

const branches = (s: Schema): Schema[] => ((s.anyOf ?? s.oneOf) as Schema[] | undefined)?.flatMap(branches) ?? [s];

/** The schema of the value at `path` (object keys and array indices), or null where it cannot be told. */
export function schemaAt(schema: Schema | undefined, path: string[]): Schema | null {
  let here: Schema | null = schema ?? null;
  for (const segment of path) {
    if (!here) return null;
    let next: Schema | null = null;
    for (const b of branches(here)) {
      const props = b.properties as Record<string, Schema> | undefined;
      if (props?.[segment]) { next = props[segment]; break; }
      if (b.items && typeof b.items === 'object' && /^\d+$/.test(segment)) { next = b.items as Schema; break; }
      const pattern = b.patternProperties as Record<string, Schema> | undefined;
      if (pattern) { next = Object.values(pattern)[0]; break; }
      if (b.additionalProperties && typeof b.additionalProperties === 'object') { next = b.additionalProperties as Schema; break; }
    }
    here = next;
  }
  return here;
}

/** The values a schema allows when it is a choice among fixed values (null when it is not). */
export function allowedValues(s: Schema | null): unknown[] | null {
  if (!s) return null;
  const out: unknown[] = [];
  for (const b of branches(s)) {
    if ('const' in b) out.push(b.const);
    else if (Array.isArray(b.enum)) out.push(...b.enum);
    else if (b.type === 'null') out.push(null);
    else return null;
  }
  return out.length ? out : null;
}

/** The fields an object schema takes (empty when it names none). */
export function allowedFields(s: Schema | null): string[] {
  if (!s) return [];
  return [...new Set(branches(s).flatMap((b) => Object.keys((b.properties as Schema | undefined) ?? {})))];
}

const quote = (v: unknown) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));

/** "Allowed: 'a', 'b'." for a field with fixed values, or '' when any value of its type would do. */
export function allowedValuesHint(schema: Schema | undefined, path: string[]): string {
  const values = allowedValues(schemaAt(schema, path));
  return values ? ` Allowed: ${values.map(quote).join(', ')}.` : '';
}

/** "Fields: a, b." for the object holding an unknown field. */
export function allowedFieldsHint(schema: Schema | undefined, objectPath: string[]): string {
  const fields = allowedFields(schemaAt(schema, objectPath));
  return fields.length ? ` Fields${objectPath.length ? ` of '${objectPath.join('.')}'` : ''}: ${fields.join(', ')}.` : '';
}
