import { it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRecording } from './keypoints.ts';
import { metricSeries } from './signals.ts';
import { InputInvalid } from '../analysis-errors.ts';

/**
 * A person facing the camera (pixels, 33 BlazePose points): standing for `stand` frames, then with
 * the knees bent towards the camera by `bendDeg`, so each thigh looks shorter in the image.
 * Image-plane z is exaggerated as BlazePose's is: the knees read far in front of the hips.
 */
function frontSquat(bendDeg: number, stand = 20, bent = 10, zGain = 3) {
  const thigh = 200, shin = 200;
  const frames: number[][][] = [];
  const world: number[][][] = [];
  for (let f = 0; f < stand + bent; f++) {
    const b = f < stand ? 0 : (bendDeg * Math.PI) / 180;
    const jitter = () => (((f * 7919) % 13) - 6) * 0.3;
    const pts: number[][] = Array.from({ length: 33 }, () => [360, 300, 0, 0.99]);
    const wpts: number[][] = Array.from({ length: 33 }, () => [0, 0, 0]);
    for (const [side, dx] of [[0, -40], [1, 40]] as const) {
      const hip = [360 + dx, 600, 0], knee = [360 + dx, 600 + thigh * Math.cos(b), -thigh * Math.sin(b)], ankle = [360 + dx, knee[1] + shin, knee[2]];
      const sh = [360 + dx * 1.5, 300, 0];
      const put = (i: number, p: number[]) => {
        pts[i] = [p[0] + jitter(), p[1] + jitter(), p[2] * zGain + (f < stand && (i === 25 || i === 26) ? -90 : 0), 0.99];
        wpts[i] = [(p[0] - 360) / 500, (p[1] - 600) / 500, p[2] / 500];
      };
      put(23 + side, hip); put(25 + side, knee); put(27 + side, ankle); put(11 + side, sh);
      put(13 + side, [sh[0], 450, 0]); put(15 + side, [sh[0], 580, 0]);
      put(29 + side, [ankle[0], ankle[1] + 10, ankle[2]]); put(31 + side, [ankle[0], ankle[1] + 10, ankle[2] - 50]);
    }
    frames.push(pts);
    world.push(wpts);
  }
  return { frames, world };
}

const knee = (doc: object) => metricSeries(parseRecording({ format: 'blazepose33', fps: 30, width: 720, height: 1280, ...doc }, { maxFrames: 1000 }), 'knee_flexion', 'both');

it('reads a standing person’s knees as straight even when image-plane z says they are bent', () => {
  const { frames } = frontSquat(60);
  const k = knee({ frames });
  for (let f = 0; f < 20; f++) assert.ok(k[f] <= 12, `standing frame ${f}: ${k[f].toFixed(1)}°`);
});

it('reads the knee’s real bend from a thigh foreshortened in a front view', () => {
  for (const bend of [45, 70]) {
    const { frames, world } = frontSquat(bend);
    for (const doc of [{ frames }, { frames, world }]) {
      const k = knee(doc);
      assert.ok(Math.abs(k[25] - bend) <= 8, `bend ${bend}° read as ${k[25].toFixed(1)}° (${'world' in doc ? 'with' : 'without'} world landmarks)`);
    }
  }
});

it('accepts world landmarks per frame and names what is wrong with them', () => {
  const { frames, world } = frontSquat(45, 2, 1);
  const parse = (w: unknown) => parseRecording({ format: 'blazepose33', fps: 30, frames, world: w }, { maxFrames: 10 });
  assert.ok(parse(world).world);
  assert.ok(parse([null, world[1], world[2]]).world, 'a frame may have no world landmarks');
  assert.throws(() => parse(world.slice(1)), (e: unknown) => e instanceof InputInvalid && /world must be an array with one entry per frame \(3\)/.test(e.message));
  assert.throws(() => parse([world[0], world[1], world[2].slice(1)]), /world\[2\] must be 33 points/);
  assert.throws(() => parse([world[0], world[1], [[0, 0, 'x'], ...world[2].slice(1)]]), /world\[2\]\[0\]\[2\] must be a finite number of metres/);
});
