import { it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRecording } from './keypoints.ts';
import { JOINT_INDEX } from './skeleton.ts';

// A person standing in a 480×360 image, the way Penn Action annotates a hidden joint: at the
// image's corner with a middling score. Those points must read as unseen; the person's own stay.
function standing(frames: number, hideAt: (f: number) => number[]) {
  const J = JOINT_INDEX.blazepose33;
  const pose: Record<string, [number, number]> = {
    nose: [240, 60], left_ear: [235, 58], right_ear: [245, 58],
    left_shoulder: [225, 100], right_shoulder: [255, 100], left_elbow: [222, 150], right_elbow: [258, 150],
    left_wrist: [220, 195], right_wrist: [260, 195], left_hip: [230, 200], right_hip: [250, 200],
    left_knee: [229, 260], right_knee: [251, 260], left_ankle: [228, 320], right_ankle: [252, 320],
    left_heel: [224, 325], right_heel: [256, 325], left_foot: [236, 328], right_foot: [244, 328],
  };
  const out = [];
  for (let f = 0; f < frames; f++) {
    const points = Array.from({ length: 33 }, () => [0, 0, 0, 0]);
    for (const [name, [x, y]] of Object.entries(pose)) points[J[name as keyof typeof J]!] = [x, y + Math.sin(f / 5) * 10, 0, 1];
    for (const p of hideAt(f)) points[p] = [0.8, 0.8, 0, 0.5];
    out.push(points);
  }
  return parseRecording({ format: 'blazepose33', fps: 30, width: 480, height: 360, frames: out }, { maxFrames: 1e6 });
}

const score = (rec: ReturnType<typeof standing>, f: number, p: number) => rec.data[(f * rec.pointCount + p) * 4 + 3];

it('drops joints a body could not have put there: hidden ones guessed at the corner, alone or several at once', () => {
  const { left_elbow: elbow, right_shoulder: shoulder, right_hip: hip, left_hip: hip2 } = JOINT_INDEX.blazepose33;
  // Frames 0–9: one elbow at the corner; frames 10–19: a shoulder and both hips there together
  // (they would vouch for each other as bones); frames 20–39: nothing hidden.
  const rec = standing(40, (f) => (f < 10 ? [elbow!] : f < 20 ? [shoulder!, hip!, hip2!] : []));
  for (let f = 0; f < 10; f++) assert.equal(score(rec, f, elbow!), 0, `elbow at frame ${f}`);
  for (let f = 10; f < 20; f++) for (const p of [shoulder!, hip!, hip2!]) assert.equal(score(rec, f, p), 0, `point ${p} at frame ${f}`);
  // The person's own points, the far-reaching feet and wrists included, are all still seen.
  for (let f = 20; f < 40; f++) for (const p of Object.values(JOINT_INDEX.blazepose33)) assert.equal(score(rec, f, p!), 1, `point ${p} at frame ${f}`);
  assert.equal(score(rec, 0, JOINT_INDEX.blazepose33.right_elbow!), 1);
});

it('keeps the feet of a body seen edge-on, whose joints bunch up around the hips in some frames', () => {
  // A side view of someone standing with the arms down (from a generated drop jump): in one frame
  // the joints line up so that half of them sit within 90 px of their median point and the feet
  // 320 px below it. Against that frame's own spread the feet looked like strays; against the
  // recording's body they are where feet are.
  const J = JOINT_INDEX.blazepose33;
  const at: Record<string, [number, number]> = {
    left_shoulder: [960, 350], right_shoulder: [962, 350], left_elbow: [962, 447], right_elbow: [959, 445],
    left_wrist: [959, 536], right_wrist: [959, 541], left_hip: [961, 518], right_hip: [961, 521],
    left_knee: [960, 673], right_knee: [958, 674], left_ankle: [958, 814], right_ankle: [964, 815],
    left_heel: [932, 821], right_heel: [938, 822], left_foot: [993, 859], right_foot: [996, 858],
  };
  const frames = Array.from({ length: 30 }, (_, f) => {
    const points = Array.from({ length: 33 }, () => [0, 0, 0, 0]);
    for (const [name, [x, y]] of Object.entries(at)) {
      // Every other frame the athlete stands tall, arms out: the usual spread of the body.
      const spread = f % 2 === 0 && /wrist|elbow/.test(name) ? (name.startsWith('left') ? -150 : 150) : 0;
      points[J[name as keyof typeof J]!] = [x + spread, y, 0, 1];
    }
    points[J.right_shoulder!] = [0, 0, 0, 0];
    return points;
  });
  const rec = parseRecording({ format: 'blazepose33', fps: 30, width: 1920, height: 1080, frames }, { maxFrames: 1e6 });
  for (let f = 0; f < 30; f++) for (const name of ['left_ankle', 'left_heel', 'left_foot', 'right_foot'] as const) assert.equal(score(rec, f, J[name]!), 1, `${name} at frame ${f}`);
});
