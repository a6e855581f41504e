import { Compile } from 'typebox/compile';
import { DebriefError, invalidRequest } from '../errors.ts';
import { allowedFields, allowedValuesHint, schemaAt } from '../schema-hints.ts';
import type { InputSpec, SessionKind } from './kind.ts';
import type { KindSettings } from './context.ts';
import { KINDS, KINDS_BY_NAME } from './list.ts';

// A kind is listed under its own name.
for (const [name, kind] of Object.entries(KINDS_BY_NAME)) if (kind.name !== name) throw new Error(`kinds/list.ts lists the kind '${kind.name}' as '${name}'`);

export function createKindRegistry(settings: KindSettings, kinds: SessionKind[] = KINDS) {
  const byName = new Map(kinds.map((k) => [k.name, k]));
  const byAlias = new Map(kinds.flatMap((k) => (k.aliases ?? []).map((a) => [a, k])));
  const optionCheckers = new Map(kinds.map((k) => [k.name, Compile(k.optionsSchema)]));

  return {
    all: () => [...byName.values()],
    names: () => [...byName.keys()],
    has: (name: string) => byName.has(name),
    get(name: string): SessionKind {
      const kind = byName.get(name) ?? byName.get(name.toLowerCase()) ?? byAlias.get(name.toLowerCase());
      if (!kind) {
        throw invalidRequest('kind_unknown', `Unknown session kind '${name}'. Known kinds: ${[...byName.keys()].map((k) => `'${k}'`).join(', ')}.`, 'kind');
      }
      return kind;
    },
    inputFor: (kind: SessionKind, name: string, options: Record<string, unknown>): InputSpec => kind.inputFor(name, options, settings),
    checkOptions(kind: SessionKind, options: Record<string, unknown>) {
      const checker = optionCheckers.get(kind.name)!;
      const first = checker.Errors(options)[0];
      if (first) {
        const segments = first.instancePath.split('/').filter(Boolean);
        const schema = kind.optionsSchema as Record<string, unknown>;
        const where = ['options', ...segments].join('.');
        let message: string;
        if (first.schemaPath.endsWith('additionalProperties')) {
          const fields = allowedFields(schemaAt(schema, segments.slice(0, -1)));
          message = `Unknown field '${where}'.${fields.length ? ` Fields of ${['options', ...segments.slice(0, -1)].join('.')}: ${fields.join(', ')}.` : ''}`;
        } else {
          const allowed = allowedValuesHint(schema, segments);
          message = `Invalid field '${where}': ${allowed ? 'is not one of the allowed values' : first.message}.${allowed}`;
        }
        throw new DebriefError(400, 'invalid_request_error', 'parameter_invalid', message, where);
      }
      kind.checkOptions?.(options);
    },
  };
}

export type KindRegistry = ReturnType<typeof createKindRegistry>;
