import { it } from 'node:test';
import assert from 'node:assert/strict';
import { keyFromHeader } from './auth.ts';
import type { DebriefError } from '../errors.ts';

const KEY = 'dbf_test_abcdefghijklmnopqrstuvwxyz012345';
const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;

it('reads the key from all three header styles the references use', () => {
  assert.equal(keyFromHeader(basic(`${KEY}:`)), KEY); // curl -u KEY:
  assert.equal(keyFromHeader(basic(KEY)), KEY); // curl -u KEY (no colon)
  assert.equal(keyFromHeader(`Bearer ${KEY}`), KEY);
  assert.equal(keyFromHeader(`API-KEY ${KEY}`), KEY);
  assert.equal(keyFromHeader(`bearer ${KEY}`), KEY);
  assert.equal(keyFromHeader(`Api-Key ${KEY}`), KEY);
});

it('explains what is wrong with a missing or malformed header', () => {
  const code = (h: string | undefined) => {
    try { keyFromHeader(h); return 'accepted'; } catch (e) { return (e as DebriefError).code; }
  };
  assert.equal(code(undefined), 'api_key_missing');
  assert.equal(code('Bearer'), 'authorization_malformed');
  assert.equal(code('Digest abc'), 'authorization_malformed');
  assert.equal(code(basic(`${KEY}:password`)), 'authorization_malformed');
  assert.equal(code(basic(':')), 'authorization_malformed');
});
