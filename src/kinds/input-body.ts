import fs from 'node:fs';
import type { InputBody } from './context.ts';

/** The bytes of an input a compute task was handed: read from its local file, or given. */
export const inputBytes = (input: InputBody): Buffer =>
  ('path' in input ? fs.readFileSync(input.path) : Buffer.from(input.body.buffer, input.body.byteOffset, input.body.byteLength));
