import fs from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Debrief } from '../app/debrief.ts';

const DEMO_WORKSPACE = 'demo';
const SQUATS = fileURLToPath(new URL('../../demo/squats.keypoints.json', import.meta.url));
const SQUATS_VIDEO = fileURLToPath(new URL('../../demo/squats.mp4', import.meta.url));

/**
 * `serve --demo`: a demo workspace, a fresh test key (printed once), a sample exercise session
 * analysed from the real squat recording, and three curl commands that work as printed.
 */
export async function loadDemo(debrief: Debrief, url: string) {
  const { accounts, ctx } = debrief;
  const ws = await accounts.workspaceByName(DEMO_WORKSPACE).catch(() => accounts.createWorkspace(DEMO_WORKSPACE));
  const key = await accounts.createKey({ workspace: ws.name, livemode: false });
  const publishable = await accounts.createKey({ workspace: ws.name, livemode: false, type: 'publishable' });
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
    ctx.pokeWorker();
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
    ctx.pokeWorker();
  }

  process.stdout.write(`
Debrief is running at ${url} with demo data (workspace "${ws.name}").

Your test API key (shown once; create more with \`npx debrief keys create --workspace demo --mode test\`):

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
