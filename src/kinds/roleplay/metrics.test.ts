import { it } from 'node:test';
import assert from 'node:assert/strict';
import { conversationMetrics, fillerCount } from './metrics.ts';
import { actOf, actsOf } from './language.ts';
import { parseTranscript } from './transcript.ts';

const call = [
  { speaker: 'system', text: 'The persona is a procurement lead.', seconds_from_start: 0 },
  { speaker: 'ai', text: 'Hi, thanks for meeting with me today.', seconds_from_start: 0 },
  { speaker: 'user', text: 'Thanks for your time. How do you handle purchasing today?', seconds_from_start: 4 },
  { speaker: 'ai', text: 'We use spreadsheets and email.', seconds_from_start: 10 },
  { speaker: 'user', text: 'Um, is that working? Do you, you know, lose orders?', seconds_from_start: 14 },
  { speaker: 'user', text: 'What happens when an order is lost?', seconds_from_start: 20 },
  { speaker: 'ai', text: 'It gets messy.', seconds_from_start: 26 },
] as const;

it('computes the conversation metrics of a hand-counted call', () => {
  const m = conversationMetrics(call.map((l) => ({ ...l })), 30);
  assert.equal(m.turns, 5);
  assert.equal(m.user_turns, 2);
  // user: 10 + 10 + 7 words; ai: 7 + 5 + 3
  assert.equal(m.user_words, 27);
  assert.equal(m.ai_words, 15);
  assert.equal(m.talk_ratio, Math.round((27 / 42) * 1000) / 1000);
  assert.equal(m.questions_asked, 4);
  assert.equal(m.open_questions, 2);
  assert.equal(m.closed_questions, 2);
  assert.equal(m.longest_monologue_seconds, 12); // 14 → 26
  assert.equal(m.longest_monologue_words, 17);
  assert.equal(m.filler_words, 2);
  assert.equal(m.words_per_minute, Math.round((27 / (18 / 60)) * 10) / 10); // 6 s + 12 s of talk
});

it('tells open from closed questions and counts fillers', () => {
  const isOpenQuestion = (q: string) => actOf(q) === 'open_question';
  const questionsIn = (text: string) => actsOf(text).filter((a) => a.act.endsWith('question')).map((a) => a.sentence);
  assert.ok(isOpenQuestion('Tell me about your current process?'));
  assert.ok(isOpenQuestion('So how does that affect the team?'));
  assert.ok(isOpenQuestion('Could you walk me through a typical week?'));
  assert.ok(!isOpenQuestion('Do you have a budget?'));
  assert.ok(!isOpenQuestion('Is Friday good?'));
  assert.deepEqual(questionsIn('Great. Is that right? And what else?'), ['Is that right?', 'And what else?']);
  assert.equal(fillerCount('Um, I mean, it is, uh, basically fine, you know.'), 5);
});

it('reads WebVTT and SRT with speaker names, and names the bad line', () => {
  const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Customer>Hello there.\n\n00:00:04.500 --> 00:00:06.000\n<v Trainee>Hi! How are you?\n';
  const t = parseTranscript(vtt, 'text/vtt');
  assert.deepEqual(t.lines.map((l) => [l.speaker, l.text, l.seconds_from_start]), [['ai', 'Hello there.', 1], ['user', 'Hi! How are you?', 4.5]]);
  assert.equal(t.durationSeconds, 6);
  const srt = '1\n00:00:01,000 --> 00:00:02,000\nJordan: Hi\n\n2\n00:00:03,000 --> 00:00:04,000\nSam: Hello\n';
  assert.deepEqual(parseTranscript(srt, 'application/x-subrip', { jordan: 'user', sam: 'ai' }).lines.map((l) => l.speaker), ['user', 'ai']);
  assert.throws(() => parseTranscript(srt, 'application/x-subrip'), /cue 1: unknown speaker 'Jordan'/);
  assert.throws(() => parseTranscript(JSON.stringify([{ speaker: 'user', text: 'a', seconds_from_start: 5 }, { speaker: 'robot', text: 'b', seconds_from_start: 6 }]), 'application/json'), /line 2: speaker/);
  assert.throws(() => parseTranscript(JSON.stringify([{ speaker: 'user', text: 'a', seconds_from_start: 5 }, { speaker: 'ai', text: 'b', seconds_from_start: 1 }]), 'application/json'), /line 2: seconds_from_start goes back/);
});
