import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { debrief, hasCurl, startServe } from './helpers/cli.ts';
import { seeded } from '../eval/body.ts';
import { jumpMotion, sample } from '../eval/sports-gen.ts';

describe('the debrief command', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-cli-'));
  const env = { DEBRIEF_DATA_DIR: dir };
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates workspaces and keys that a server started on the same data dir accepts; one process per data dir; SIGTERM exits 0', async () => {
    const ws = debrief(['workspaces', 'create', 'acme', '--json'], env);
    assert.equal(ws.code, 0, ws.stderr);
    assert.equal(JSON.parse(ws.stdout).name, 'acme');
    assert.equal(debrief(['workspaces', 'create', 'acme'], env).code, 1);

    const created = debrief(['keys', 'create', '--workspace', 'acme', '--mode', 'test', '--json'], env);
    assert.equal(created.code, 0, created.stderr);
    const key = JSON.parse(created.stdout).key as string;
    assert.match(key, /^dbf_test_[A-Za-z0-9]{24,}$/);

    const custom = JSON.parse(debrief(['keys', 'create', '--workspace', 'acme', '--mode', 'live', '--prefix', 'exec', '--json'], env).stdout);
    assert.match(custom.key, /^exec_live_[A-Za-z0-9]{24,}$/);
    const pub = JSON.parse(debrief(['keys', 'create', '--workspace', 'acme', '--mode', 'test', '--type', 'publishable', '--json'], env).stdout);
    assert.match(pub.key, /^pub_test_/);

    const imported = debrief(['keys', 'import', 'rtm_test_4eC39HqLyjWDarjtT1zdp7dc', '--workspace', 'acme', '--json'], env);
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal(JSON.parse(imported.stdout).redacted, 'rtm_test_…p7dc');

    const listed = JSON.parse(debrief(['keys', 'list', '--json'], env).stdout);
    assert.equal(listed.data.length, 4);
    assert.ok(listed.data.every((k: { key?: string }) => k.key === undefined), 'listing never shows a key');

    const doomed = JSON.parse(debrief(['keys', 'create', '--workspace', 'acme', '--mode', 'test', '--json'], env).stdout);
    assert.equal(debrief(['keys', 'revoke', doomed.id], env).code, 0);

    const server = await startServe([], env);
    try {
      const ok = await fetch(`${server.url}/v1/sessions`, { headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` } });
      assert.equal(ok.status, 200);
      // A client migrating from reference 000 keeps its key and its `curl -u KEY:` habit.
      const migrated = await fetch(`${server.url}/v1/sessions`, { headers: { authorization: `Basic ${Buffer.from('rtm_test_4eC39HqLyjWDarjtT1zdp7dc:').toString('base64')}` } });
      assert.equal(migrated.status, 200);
      const live = await fetch(`${server.url}/v1/sessions`, { headers: { authorization: `API-KEY ${custom.key}` } });
      assert.equal(((await live.json()) as { object: string }).object, 'list');
      const revoked = await fetch(`${server.url}/v1/sessions`, { headers: { authorization: `Bearer ${doomed.key}` } });
      assert.equal(revoked.status, 401);

      // The embedded database is single-process: a second process is stopped with a clear message…
      const second = debrief(['workspaces', 'list'], env);
      assert.equal(second.code, 1);
      assert.match(second.stderr, /in use by another Debrief process \(pid \d+\)/);
      // …but the keys commands go through the running server (its server.json in the data dir).
      const during = debrief(['keys', 'create', '--workspace', 'acme', '--mode', 'test', '--json'], env);
      assert.equal(during.code, 0, during.stderr);
      const fresh = JSON.parse(during.stdout) as { id: string; key: string };
      assert.equal((await fetch(`${server.url}/v1/sessions`, { headers: { authorization: `Bearer ${fresh.key}` } })).status, 200);
      const viaApi = JSON.parse(debrief(['keys', 'list', '--workspace', 'acme', '--json'], env).stdout).data as { id: string }[];
      assert.ok(viaApi.some((k) => k.id === fresh.id));
      const reimported = debrief(['keys', 'import', 'rtm_test_Zz9Yy8Xx7Ww6Vv5Uu4', '--workspace', 'acme', '--json'], env);
      assert.equal(reimported.code, 0, reimported.stderr);
      assert.equal((await fetch(`${server.url}/v1/sessions`, { headers: { authorization: 'Bearer rtm_test_Zz9Yy8Xx7Ww6Vv5Uu4' } })).status, 200);
      assert.equal(debrief(['keys', 'revoke', JSON.parse(reimported.stdout).id], env).code, 0);
      assert.equal((await fetch(`${server.url}/v1/sessions`, { headers: { authorization: 'API-KEY rtm_test_Zz9Yy8Xx7Ww6Vv5Uu4' } })).status, 401);
      const noWorkspace = debrief(['keys', 'create', '--workspace', 'nope', '--mode', 'test'], env);
      assert.equal(noWorkspace.code, 1);
      assert.match(noWorkspace.stderr, /workspace/);

      assert.ok(!server.output().includes(key), 'the key never appears in the logs');
    } finally {
      server.child.kill('SIGTERM');
    }
    assert.equal(await server.exited, 0);
    // The lock went with the process: the directory opens again, and the key's use was recorded.
    assert.equal(debrief(['workspaces', 'list'], env).code, 0);
    assert.deepEqual(JSON.parse(debrief(['jobs', 'failed', '--json'], env).stdout), { object: 'list', data: [] }, 'no job failed for good');
    assert.ok(!fs.existsSync(path.join(dir, 'server.json')), 'the operator token goes with the server');
    const after = JSON.parse(debrief(['keys', 'list', '--json'], env).stdout).data as { id: string; last_used_at: string | null; revoked_at: string | null }[];
    assert.ok(after.find((k) => k.id === JSON.parse(created.stdout).id)!.last_used_at, 'last_used_at is set');
    assert.equal(after.find((k) => k.id === custom.id)!.last_used_at !== null, true);
    assert.ok(after.find((k) => k.id === doomed.id)!.revoked_at);
  });

  it('serve --demo prints a key and three curl commands that work as printed', async () => {
    const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-demo-'));
    const server = await startServe(['--demo', '--data-dir', demoDir]);
    try {
      const curls = server.output().split('\n').map((l) => l.trim()).filter((l) => l.startsWith('curl '));
      assert.equal(curls.length, 3);
      for (const line of curls) {
        if (hasCurl()) {
          const body = execSync(`${line} --fail --silent`, { encoding: 'utf8' });
          assert.ok(body.length > 2, line);
        } else {
          const [, key, url] = /^curl -u (\S+): (\S+)$/.exec(line)!;
          const res = await fetch(url, { headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` } });
          assert.equal(res.status, 200, line);
        }
      }
      const reps = hasCurl() ? JSON.parse(execSync(`${curls[1]} --silent`, { encoding: 'utf8' })) : null;
      if (reps) assert.equal(reps.count, 2);
      server.child.kill('SIGTERM');
      await server.exited;
      // Started again on the same data: the same key, so the commands printed before still work.
      const again = await startServe(['--demo', '--data-dir', demoDir]);
      again.child.kill('SIGTERM');
      await again.exited;
      const keyOf = (out: string) => /curl -u (\S+):/.exec(out)![1];
      assert.equal(keyOf(again.output()), keyOf(server.output()));
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      fs.rmSync(demoDir, { recursive: true, force: true });
    }
  });
});

describe('debrief usage', () => {
  it('answers --version and --help at once, per command; usage errors say what is allowed, without a stack trace', () => {
    const version = debrief(['--version']);
    assert.equal(version.code, 0);
    assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
    const help = debrief(['analyze', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--force/);
    assert.match(help.stdout, /--height <metres>/);
    const typo = debrief(['serve', '--prot', '4000']);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /unknown option '--prot'/);
    assert.match(typo.stderr, /Did you mean --port\?/);
    const mode = debrief(['keys', 'create', '--workspace', 'w', '--mode', 'prod']);
    assert.equal(mode.code, 2);
    assert.match(mode.stderr, /Allowed choices are test, live/);
    const port = debrief(['serve', '--port', 'eighty']);
    assert.equal(port.code, 2);
    assert.match(port.stderr, /--port must be a whole number from 0 to 65535/);
    assert.equal(debrief(['frobnicate']).code, 2);
    assert.equal(debrief(['jobs', 'failed', '--limit', '0']).code, 2);
    for (const r of [typo, mode, port]) assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });
});

describe('debrief analyze', () => {
  it('runs the whole pipeline on the real squat video without a server', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-analyze-'));
    try {
      const video = fileURLToPath(new URL('../../shared/fixtures/video/pose_squats.mp4', import.meta.url));
      const r = debrief(['analyze', video, '--kind', 'exercise', '--exercise', 'Squats', '--out', out]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Squats: 2 reps/);
      // BlazePose's depth and world landmarks: knee and hip flexion are measured in 3D from this
      // front view (the bottoms are about 103° / 107° knee), and the feet give heel lift.
      assert.match(r.stdout, /Keep your knees aligned with your toes/);
      const knees = [...r.stdout.matchAll(/^\d+\s+\S+\s+\d+%\s+\d+% \((\d+)\)\s+\d+% \((\d+)\)/gm)].map((m) => Number(m[2]));
      assert.equal(knees.length, 2, r.stdout);
      for (const k of knees) assert.ok(k >= 90 && k <= 120, `knee flexion ${k}`);
      assert.match(r.stdout, /Do not lift your toes or heel/);
      assert.doesNotMatch(r.stdout, /Warnings:/);
      for (const f of ['keypoints.json', 'result.json', 'analyzed.mp4', 'report.html']) assert.ok(fs.existsSync(path.join(out, f)), f);
      const frames = execSync(`ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames,codec_name,pix_fmt -of csv=p=0 ${out}/analyzed.mp4`, { encoding: 'utf8' }).trim();
      assert.equal(frames, 'h264,yuv420p,65');
      const report = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
      assert.match(report, /<strong>2<\/strong> reps/);
      // The report page shows the same knee flexion as the rep table.
      for (const k of knees) assert.match(report, new RegExp(`\\(${k}°\\)`));
      assert.doesNotMatch(report, /class="warnings"/);
      const bad = debrief(['analyze', video, '--exercise', 'Moonwalk', '--out', out]);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /Known assessments: Squats/);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('runs a sports kind on keypoints: a generated countermovement jump', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-analyze-'));
    try {
      const { motion, durationS, truth } = jumpMotion('Countermovement Jump', seeded(12));
      const file = path.join(out, 'jump.json');
      fs.writeFileSync(file, JSON.stringify(sample(motion, durationS, { fps: 60, format: 'blazepose33', jitterPx: 1, dropPoint: 0, dropFrame: 0, view: 'side', seed: 2 })));
      const results = path.join(out, 'results');
      const r = debrief(['analyze', file, '--kind', 'jumping', '--exercise', 'Countermovement Jump', '--height', '1.75', '--out', results]);
      assert.equal(r.code, 0, r.stderr);
      const height = Number(/best_jump_height_m\s+([\d.]+)/.exec(r.stdout)?.[1]);
      assert.ok(Math.abs(height - truth.height_m[0]) < 0.02, `${height} vs ${truth.height_m[0]}`);
      assert.equal(JSON.parse(fs.readFileSync(path.join(results, 'result.json'), 'utf8')).jumps.length, 1);
      assert.match(fs.readFileSync(path.join(results, 'report.html'), 'utf8'), /Jump report: Countermovement Jump[\s\S]*<svg/, 'a report page with its charts');
      const lift = debrief(['analyze', file, '--kind', 'weightlifting', '--out', results]);
      assert.equal(lift.code, 1);
      assert.match(lift.stderr, /Name the lift/);
      // A folder with results in it is not overwritten unless asked; the note names the flag, not the API option.
      const again = debrief(['analyze', file, '--kind', 'jumping', '--out', results]);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /already holds files: pass --force/);
      const forced = debrief(['analyze', file, '--kind', 'jumping', '--out', results, '--force']);
      assert.equal(forced.code, 0, forced.stderr);
      assert.match(forced.stdout, /No --height was given/);
      assert.doesNotMatch(forced.stdout + forced.stderr, /athlete_height_m/);
      const short = debrief(['analyze', file, '--kind', 'jumping', '--height', '178', '--out', results, '--force']);
      assert.equal(short.code, 2);
      assert.match(short.stderr, /height in metres/);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
