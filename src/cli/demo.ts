import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Debrief } from '../app/debrief.ts';

const DEMO_WORKSPACE = 'demo';
const SQUATS = fileURLToPath(new URL('../../demo/squats.keypoints.json', import.meta.url));
const SQUATS_VIDEO = fileURLToPath(new URL('../../demo/squats.mp4', import.meta.url));

const DEMO_KEYS_FILE = 'demo-keys.json';

/**
 * The demo workspace's test keys: the ones saved in the data directory on an earlier start while
 * they are still active, so the commands printed last time keep working; new ones otherwise.
 */
async function demoKeys(debrief: Debrief, workspace: string): Promise<{ secret: { key: string }; publishable: { key: string } }> {
  const file = path.join(debrief.config.dataDir, DEMO_KEYS_FILE);
  let saved: { secret?: string; publishable?: string } = {};
  try { saved = JSON.parse(fs.readFileSync(file, 'utf8')); } catch { /* first start */ }
  const { accounts } = debrief;
  const active = async (key: string | undefined) => (key && (await accounts.activeKey(key))?.workspace === workspace ? key : null);
  const secret = (await active(saved.secret)) ?? (await accounts.createKey({ workspace, livemode: false })).key;
  const publishable = (await active(saved.publishable)) ?? (await accounts.createKey({ workspace, livemode: false, type: 'publishable' })).key;
  if (secret !== saved.secret || publishable !== saved.publishable) fs.writeFileSync(file, JSON.stringify({ secret, publishable }), { mode: 0o600 });
  return { secret: { key: secret }, publishable: { key: publishable } };
}

/**
 * `serve --demo`: a demo workspace, its test key (kept across starts), a sample exercise session
 * analysed from the real squat recording, and three curl commands that work as printed.
 */
export async function loadDemo(debrief: Debrief, url: string) {
  const { accounts, ctx } = debrief;
  const ws = await accounts.workspaceByName(DEMO_WORKSPACE).catch(() => accounts.createWorkspace(DEMO_WORKSPACE));
  const { secret: key, publishable } = await demoKeys(debrief, ws.name);
  const scope = { workspaceId: ws.id, livemode: false };

  let [sample] = (await ctx.sessions.list(scope, { kind: 'exercise', status: 'ready', limit: 1 })).data;
  if (!sample) {
    const created = await ctx.sessions.create(scope, {
      kind: 'exercise', user_id: '36', external_id: 'demo-squats',
      metadata: { source: 'demo: pose_squats.mp4 reference keypoints' }, options: { prescription_id: 9, assessments: ['Squats'] },
    });
    const body = fs.readFileSync(SQUATS);
    await ctx.sessions.putInput(scope, created.id, 'Squats', 'application/json', Readable.from(body), body.length);
    await ctx.sessions.complete(scope, created.id);
    for (let i = 0; i < 300; i++) {
      sample = await ctx.sessions.get(scope, created.id);
      if (sample.status !== 'processing') break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  // The same squats as a video: analysed in the background (pose estimation, analysed video).
  const [video] = (await ctx.sessions.list(scope, { kind: 'exercise', limit: 100 })).data.filter((s) => s.externalId === 'demo-squats-video');
  if (!video) {
    const created = await ctx.sessions.create(scope, {
      kind: 'exercise', user_id: '36', external_id: 'demo-squats-video',
      metadata: { source: 'demo: pose_squats.mp4' }, options: { prescription_id: 9, assessments: ['Squats'] },
    });
    await ctx.sessions.putInput(scope, created.id, 'Squats', 'video/mp4', fs.createReadStream(SQUATS_VIDEO));
    await ctx.sessions.complete(scope, created.id);
  }

  process.stdout.write(`
Debrief is running at ${url} with demo data (workspace "${ws.name}").

Your test API key (the same on every start, kept in ${path.join(debrief.config.dataDir, DEMO_KEYS_FILE)}; create more with
\`npx debrief keys create --workspace demo --mode test\`, also while this server runs):

  ${key.key}

Try:

  curl -u ${key.key}: ${url}/v1/sessions
  curl -u ${key.key}: ${url}/v1/${sample.id}/Squats
  curl -u ${key.key}: ${url}/v1/report/${sample.id}

A second sample session analyses demo/squats.mp4 in the background; list it with the first command
and open its analyzed_video_url when it is ready.

To record web visits, put this on any page (a test publishable key accepts every origin):

  <script src="${url}/capture.js" data-key="${publishable.key}" async></script>

then read GET ${url}/v0.0/sessions/{rtSessionId}/report with the secret key above.

API reference: ${url}/docs
`);
}
