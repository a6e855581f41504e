// Every list route on the embedded default with 1,000 ready sessions (and their 1,000 events) in the
// workspace (issue 15, bar: each ≥ 1,000 req/s). The server runs in its own process
// (bench/api-target.ts); autocannon drives it with 10 connections.
//   npm run bench:lists            (BENCH_SECONDS=10 by default)
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const ROUTES = [
  '/v1/sessions?limit=20',
  '/v1/sessions?limit=20&kind=roleplay&status=ready',
  '/v1/events?limit=20',
  '/rest/v1/sessions?page_size=20',
  '/rest/v1/sessions?page_size=20&sort=-score',
  '/v1/scenarios',
  '/v1/webhook_endpoints',
  '/v0.0/users/u-1/sessions',
];

const started = performance.now();
const child = spawn(process.execPath, ['--import', 'tsx', new URL('./api-target.ts', import.meta.url).pathname, 'lists'], { stdio: ['ignore', 'pipe', 'inherit'] });
const info = await new Promise<{ url: string; key: string }>((resolve, reject) => {
  createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line)));
  child.once('exit', (code) => reject(new Error(`target exited with ${code}`)));
});
console.log(`1,000 ready roleplay sessions made in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
const headers = { authorization: `Bearer ${info.key}` };

let failed = false;
console.log('route                                               req/s   p99 ms');
for (const route of ROUTES) {
  const url = `${info.url}${route}`;
  const probe = await fetch(url, { headers });
  if (probe.status !== 200) throw new Error(`${route}: ${probe.status} ${await probe.text()}`);
  await autocannon({ url, headers, connections: 10, duration: 2 }); // warm-up
  const r = await autocannon({ url, headers, connections: 10, duration: seconds });
  if (r.non2xx || r.errors) throw new Error(`${r.non2xx} non-2xx and ${r.errors} errors from ${route}`);
  const ok = r.requests.average >= 1000;
  failed ||= !ok;
  console.log(`${route.padEnd(50)} ${String(Math.round(r.requests.average)).padStart(6)} ${String(r.latency.p99).padStart(8)}  ${ok ? 'PASS' : 'FAIL'}`);
}
child.kill('SIGTERM');
console.log(`\nbar: every list route ≥ 1,000 req/s: ${failed ? 'FAIL' : 'PASS'}`);
process.exit(failed ? 1 : 0);
