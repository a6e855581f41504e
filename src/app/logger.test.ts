import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { errSerializer, loggableUrl } from './logger.ts';

it('logs no query string and no capability token', () => {
  assert.equal(loggableUrl('/v1/collect?key=pub_live_abc&enc=gzip'), '/v1/collect?[query]');
  assert.equal(loggableUrl('/v1/sessions?key=sk_test_123'), '/v1/sessions?[query]');
  assert.equal(loggableUrl('/r/AbCdEfGhIjKlMnOpQrStUvWx'), '/r/[token]');
  assert.equal(loggableUrl('/replay/AbCdEfGhIjKlMnOpQrStUvWx/events'), '/replay/[token]/events');
  assert.equal(loggableUrl('/f/AbCdEfGhIjKlMnOpQrStUvWx?download=1'), '/f/[token]?[query]');
  assert.equal(loggableUrl('/v1/sessions/ses_1'), '/v1/sessions/ses_1');
});

it("logs a failed query's SQL and cause, not its parameters", () => {
  const err = Object.assign(new Error('Failed query: insert into "users" ("first_name") values ($1)\nparams: Ada Lovelace,secret-token'), { params: ['Ada Lovelace', 'secret-token'], cause: new Error('connection refused') });
  let line = '';
  const log = pino({ serializers: { err: errSerializer } }, new Writable({ write(chunk, _e, done) { line += chunk; done(); } }));
  log.error({ err }, 'query failed');
  assert.ok(!line.includes('secret-token') && !line.includes('Ada Lovelace'), line);
  assert.match(line, /insert into/);
  assert.match(line, /connection refused/);
});
