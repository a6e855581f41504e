import { it } from 'node:test';
import assert from 'node:assert/strict';
import { newWebhookSecret, sign, verify } from './signing.ts';

it('matches the Standard Webhooks published example signature', () => {
  const sig = sign('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
  assert.equal(sig, 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
});

it('verifies its own signatures and rejects tampering and stale timestamps', () => {
  const secret = newWebhookSecret();
  const ts = Math.floor(Date.now() / 1000);
  const signature = sign(secret, 'evt_1', ts, '{"a":1}');
  assert.ok(verify(secret, { id: 'evt_1', timestamp: String(ts), signature }, '{"a":1}'));
  assert.ok(!verify(secret, { id: 'evt_1', timestamp: String(ts), signature }, '{"a":2}'));
  assert.ok(!verify(newWebhookSecret(), { id: 'evt_1', timestamp: String(ts), signature }, '{"a":1}'));
  assert.ok(!verify(secret, { id: 'evt_1', timestamp: String(ts - 3600), signature: sign(secret, 'evt_1', ts - 3600, '{"a":1}') }, '{"a":1}'));
  assert.ok(verify(secret, { id: 'evt_1', timestamp: String(ts), signature: `v1,bogus ${signature}` }, '{"a":1}'), 'any of several signatures');
});
