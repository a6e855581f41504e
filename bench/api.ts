// GET /v1/sessions/{id} for a ready session on the embedded default, against a bare Fastify route
// serving the same JSON from memory, in the same run. Prints both req/s and their ratio (bar: ≥ 0.5).
//   npm run bench:api            (BENCH_SECONDS=10 by default)
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);

function start(args: string[]): Promise<{ child: ChildProcess; info: Record<string, string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./api-target.ts', import.meta.url).pathname, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ child, info: JSON.parse(line) }));
    child.once('exit', (code) => reject(new Error(`target exited with ${code}`)));
  });
}

async function load(url: string, headers: Record<string, string>) {
  await autocannon({ url, headers, connections: 10, duration: 2 }); // warm-up
  const r = await autocannon({ url, headers, connections: 10, duration: seconds });
  if (r.non2xx || r.errors) throw new Error(`${r.non2xx} non-2xx and ${r.errors} errors from ${url}`);
  return { rps: r.requests.average, p99: r.latency.p99 };
}

const debrief = await start(['debrief']);
const { url, key, path } = debrief.info;
const headers = { authorization: `Bearer ${key}` };
const body = await (await fetch(`${url}${path}`, { headers })).text();
const bare = await start(['bare', body]);

const ours = await load(`${url}${path}`, headers);
const ceiling = await load(`${bare.info.url}${path}`, headers);
debrief.child.kill('SIGTERM');
bare.child.kill('SIGTERM');

const ratio = ours.rps / ceiling.rps;
console.log(`GET /v1/sessions/{id} (ready session, PGlite): ${Math.round(ours.rps)} req/s, p99 ${ours.p99} ms`);
console.log(`bare Fastify, same JSON from memory:          ${Math.round(ceiling.rps)} req/s, p99 ${ceiling.p99} ms`);
console.log(`ratio: ${ratio.toFixed(2)} (bar ≥ 0.50) ${ratio >= 0.5 ? 'PASS' : 'FAIL'}`);
process.exit(ratio >= 0.5 ? 0 : 1);
