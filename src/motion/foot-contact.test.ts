import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRecording } from './keypoints.ts';
import { footTrack } from './foot-contact.ts';

// A foot 100 px long (heel at x 0, toe at x 100) whose toe and heel rest at y 1000 and rise by
// `up(t)` px; everything else stands still. Contacts are where it is within 10 px (0.1 foot) of rest.
function footClip(fps: number, seconds: number, up: (t: number) => number, drop: (i: number) => boolean = () => false) {
  const frames = [];
  for (let i = 0; i * 1000 / fps <= seconds * 1000; i++) {
    const y = 1000 - up(i / fps);
    const points = Array.from({ length: 33 }, () => [500, 500, 0, 1]);
    points[29] = [0, y, 0, 1]; points[31] = [100, y, 0, 1];
    points[30] = [0, y, 0, 1]; points[32] = [100, y, 0, 1];
    points[27] = [20, y - 60, 0, 1]; points[25] = [20, y - 400, 0, 1];
    frames.push(drop(i) ? null : points);
  }
  return parseRecording({ format: 'blazepose33', fps, width: 1920, height: 1080, frames }, { maxFrames: 1e6 });
}

// Down until 1 s, up at 500 px/s for 0.2 s, back down at 500 px/s, and down again from 1.4 s.
const hop = (t: number) => (t < 1 ? 0 : t < 1.2 ? 500 * (t - 1) : t < 1.4 ? 500 * (1.4 - t) : 0);

describe('foot contacts', () => {
  it('times leaving and reaching the ground where the foot crosses a tenth of its length, between frames', () => {
    const track = footTrack(footClip(30, 2.5, hop), 'left')!;
    assert.equal(track.contacts.length, 2);
    // 10 px at 500 px/s: 20 ms after leaving, 20 ms before landing.
    assert.ok(Math.abs(track.contacts[0].endMs! - 1020) < 1, `left at ${track.contacts[0].endMs}`);
    assert.ok(Math.abs(track.contacts[1].startMs! - 1380) < 1, `landed at ${track.contacts[1].startMs}`);
    assert.equal(track.contacts[0].startMs, null, 'on the ground from the first frame: not a landing');
    assert.equal(track.contacts[1].endMs, null, 'still down at the end of the clip');
    // One SD: at 30 fps about a frame's uniform spread and the rule's 5 ms.
    assert.ok(track.contacts[0].endSdMs! > 9 && track.contacts[0].endSdMs! < 14, `SD ${track.contacts[0].endSdMs}`);
  });

  it('bridges a dropped frame at the edge and a blip of jitter across the contact level', () => {
    const dropped = footTrack(footClip(60, 2.5, hop, (i) => i === 61), 'left')!;
    assert.equal(dropped.contacts.length, 2);
    assert.ok(Math.abs(dropped.contacts[0].endMs! - 1020) < 2);
    // One sample 12 px up in mid-contact is jitter, not a step: still one contact.
    const blip = footTrack(footClip(60, 2.5, (t) => hop(t) + (Math.abs(t - 0.5) < 0.005 ? 12 : 0)), 'left')!;
    assert.equal(blip.contacts.length, 2);
  });

  it('is unknown, not up, where the toe is unseen and the heel is raised', () => {
    const rec = footClip(60, 2, () => 0);
    // Hide the toe on frame 30 and raise the heel: the frame says nothing about contact.
    const o = (30 * rec.pointCount + 31) * 4;
    rec.data[o + 3] = 0;
    rec.data[(30 * rec.pointCount + 29) * 4 + 1] -= 0.05;
    const track = footTrack(rec, 'left')!;
    assert.ok(Number.isNaN(track.height[30]));
    assert.equal(track.contacts.length, 1);
  });
});
