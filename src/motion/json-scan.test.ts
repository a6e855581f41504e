import { it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { JsonArrayView, readJsonObject } from './json-scan.ts';
import { keypointsInput } from '../kinds/keypoints-input.ts';
import { parseRecording } from './keypoints.ts';

const read = (text: string, lazy = ['frames']) => readJsonObject(Buffer.from(text), lazy);
const plain = (doc: Record<string, unknown> | null) =>
  doc && Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, v instanceof JsonArrayView ? Array.from({ length: v.length }, (_, i) => v.at(i)) : v]));

it('reads a document as JSON.parse does, keeping the big arrays as views of their elements', () => {
  const docs = [
    '{}', ' { "a" : 1 } ', '{"frames":[]}', '{"frames":[ null , [[1,2],[3,4.5e-3]] ,null]}',
    '{"format":"coco17","fps":30,"frames":[[{"x":"a,]\\"["}],"s\\u00e9",[[ ]],-1.5E+2,true]}',
    '{"frames":"not an array","a":{"b":[1,{"c":"]"}]},"a":2}', '{"k\\"ey":[1,2],"frames":[[[0,0]]]}',
  ];
  for (const text of docs) assert.deepEqual(plain(read(text)), JSON.parse(text), text);
  assert.ok(read('{"frames":[1,2]}')!.frames instanceof JsonArrayView);
  assert.deepEqual(read('{"other":[1,2]}')!.other, [1, 2]);
});

it('leaves what it cannot read to JSON.parse, and names the element a syntax error is in', () => {
  for (const text of ['', '[]', '{', '{"a":1', '{"a":1,}', '{"a" 1}', '{"frames":[1,2,]}', '{"frames":[1,,2]}', '{"frames":[1,2]} x', '{"a":"open}', 'null'])
    assert.equal(read(text), null, text);
  const doc = read('{"frames":[[1,2],[1 2],[3]]}')!;
  assert.deepEqual((doc.frames as JsonArrayView).at(0), [1, 2]);
  assert.throws(() => (doc.frames as JsonArrayView).at(1), /not valid JSON \(in frames\[1\]/);
});

it('gives the same recording as parsing the whole document, and the same errors', () => {
  const body = fs.readFileSync(new URL('../../demo/squats.keypoints.json', import.meta.url));
  const spec = keypointsInput('Squats', { maxFrames: 10_000 });
  const fromBytes = spec.parse(body, 'application/json') as ReturnType<typeof parseRecording>;
  const whole = parseRecording(JSON.parse(body.toString('utf8')), { maxFrames: 10_000 });
  assert.deepEqual(fromBytes.data, whole.data);
  assert.deepEqual(fromBytes.timesMs, whole.timesMs);
  assert.deepEqual(fromBytes.joints3d, whole.joints3d);
  const bad = (text: string) => () => spec.parse(Buffer.from(text), 'application/json');
  assert.throws(bad('{"format":"coco17","fps":30,"frames":[[1,2'), /not valid JSON/);
  assert.throws(bad('{"format":"coco17","fps":30,"frames":[null,[[1,2],]]}'), /not valid JSON \(in frames\[1\]/);
  assert.throws(bad('{"format":"coco17","fps":30,"frames":[null,"x"]}'), /frames\[1\] must be an array of points or null/);
});
