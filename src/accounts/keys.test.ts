import { it } from 'node:test';
import assert from 'node:assert/strict';
import { hashKey, mintKey, parseKey, redactKey } from './keys.ts';

it('mints keys as <prefix>_<mode>_<32 base62> and parses them back', () => {
  const key = mintKey('dbf', false);
  assert.match(key, /^dbf_test_[0-9A-Za-z]{32}$/);
  assert.deepEqual(parseKey(key), { prefix: 'dbf', livemode: false, secret: key.slice(9) });
  assert.equal(parseKey(mintKey('exec', true))?.livemode, true);
  assert.notEqual(mintKey('dbf', false), key);
});

it('parses keys imported from the reference APIs', () => {
  assert.deepEqual(parseKey('rtm_test_4eC39HqLyjWDarjtT1zdp7dc'), { prefix: 'rtm', livemode: false, secret: '4eC39HqLyjWDarjtT1zdp7dc' });
  assert.equal(parseKey(`exec_live_${'a1'.repeat(20)}`)?.prefix, 'exec');
});

it('rejects strings that are not keys', () => {
  for (const bad of ['', 'garbage', 'dbf_prod_abcdefghijklmnopqrstuvwx', 'dbf_test_short', 'DBF_test_abcdefghijklmnopqrstuvwx', 'dbf_test_abc-defghijklmnopqrstuvwx']) {
    assert.equal(parseKey(bad), null, bad);
  }
});

it('hashes and redacts without revealing the secret part', () => {
  const key = mintKey('dbf', true);
  assert.match(hashKey(key), /^[0-9a-f]{64}$/);
  assert.equal(redactKey(key), `dbf_live_…${key.slice(-4)}`);
});
