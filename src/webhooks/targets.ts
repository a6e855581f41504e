import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Webhook targets must be public addresses: an endpoint at 127.0.0.1, 10.0.0.0/8, 169.254.169.254
 * (cloud metadata) or [::1] would let any API key reach services behind our firewall. Checked when
 * the endpoint is created and again at connect time, on the address actually dialled (a name that
 * resolved to a public address at creation may resolve to a private one later: DNS rebinding).
 * Operators with internal receivers opt in with DEBRIEF_WEBHOOK_ALLOW_PRIVATE=true.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

export class TargetRefused extends Error {}

/** The literal address in a URL's host, without IPv6 brackets, or null for a name. */
const literalOf = (hostname: string) => {
  const h = hostname.replace(/^\[|\]$/g, '');
  return ipaddr.isValid(h) ? h : null;
};

/** Why a URL may not be a webhook target, or null when it may. Names are resolved; one that does not resolve is left to connect time. */
export async function targetProblem(url: URL, allowPrivate: boolean): Promise<string | null> {
  if (allowPrivate) return null;
  const literal = literalOf(url.hostname);
  if (literal) return isPublicAddress(literal) ? null : `${literal} is not a public address`;
  if (/^localhost$|\.localhost$|\.local$|\.internal$/i.test(url.hostname)) return `${url.hostname} is a local name`;
  const found = await dns.promises.lookup(url.hostname, { all: true }).catch(() => []);
  const inside = found.find((a) => !isPublicAddress(a.address));
  return inside ? `${url.hostname} resolves to ${inside.address}, which is not a public address` : null;
}

/** A DNS lookup that fails for private, loopback and link-local answers, so the socket never opens to them. */
const publicLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 4);
    const list = addresses as dns.LookupAddress[];
    const inside = list.find((a) => !isPublicAddress(a.address));
    if (inside) return callback(new TargetRefused(`${hostname} resolves to ${inside.address}, which is not a public address`), '', 4);
    if (options.all) return callback(null, list);
    callback(null, list[0].address, list[0].family);
  });
};

export interface PostResult { status: number; headers: Record<string, string> }

/** Response headers kept with an attempt: what helps debug a receiver, never its body or cookies. */
const KEPT_HEADERS = ['content-type', 'content-length', 'server', 'date', 'retry-after', 'location', 'x-request-id', 'request-id'];

/**
 * POSTs a webhook: no redirects followed, the body of the answer drained and dropped, the whole
 * exchange bounded by `timeoutMs`. Private targets are refused unless `allowPrivate`.
 */
export function postWebhook(url: string, headers: Record<string, string>, body: string, timeoutMs: number, allowPrivate: boolean): Promise<PostResult> {
  const target = new URL(url);
  const literal = literalOf(target.hostname);
  if (!allowPrivate && literal && !isPublicAddress(literal)) return Promise.reject(new TargetRefused(`${literal} is not a public address`));
  const request = target.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(target, {
      method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: allowPrivate ? undefined : publicLookup, signal: AbortSignal.timeout(timeoutMs),
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({
        status: res.statusCode ?? 0,
        headers: Object.fromEntries(KEPT_HEADERS.filter((h) => typeof res.headers[h] === 'string').map((h) => [h, String(res.headers[h]).slice(0, 200)])),
      }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
