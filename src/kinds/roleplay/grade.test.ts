import { it } from 'node:test';
import assert from 'node:assert/strict';
import { gradeOffline, talkTarget } from './grade.ts';
import type { Scenario } from './scenarios.ts';
import type { Line } from './transcript.ts';

// A discovery-call rubric as a customer writes it: words only, no detector names.
const DISCOVERY: Scenario = {
  name: 'Fleet discovery call', slug: 'fleet-discovery', description: 'First call with a fleet manager.', persona: 'Morgan, fleet manager.',
  rubric: { criteria: [
    { name: 'Discovery', items: [
      { name: 'Open-ended questions', weight: 3, description: 'Asks questions the buyer cannot answer with a yes or no.' },
      { name: 'Understands the problem', weight: 3, description: "Finds out what goes wrong in the buyer's current process and what it costs them." },
      { name: 'Active listening', weight: 2, description: 'Plays back what the buyer said before moving on.' },
    ] },
    { name: 'Manner', items: [
      { name: 'Lets the buyer talk', weight: 2, description: 'The seller speaks less than half of the time.' },
      { name: 'No pitching', weight: 2, description: 'Does not launch into product features before the need is understood.' },
    ] },
    { name: 'Close', items: [{ name: 'Agrees a next step', weight: 2, description: 'Ends with a concrete next step and a date.' }] },
  ] },
  rank_thresholds: { gold: 85, silver: 70, bronze: 50 }, min_duration_seconds: 60,
};

const L = (rows: [Line['speaker'], number, string][]): Line[] => rows.map(([speaker, seconds_from_start, text]) => ({ speaker, text, seconds_from_start }));

const GOOD = L([
  ['ai', 0, 'Hi, thanks for making time. We run about two hundred vans across the region.'],
  ['user', 5, 'Thanks, Morgan. Tell me about how you buy spare parts today.'],
  ['ai', 12, 'Every depot orders its own parts by phone and email, and we find out what was spent at the end of the month when the invoices land.'],
  ['user', 24, 'So the spend only shows up when the invoices arrive. What goes wrong with that?'],
  ['ai', 32, 'Vans sit in the yard waiting for parts that another depot has on the shelf. Last quarter we had forty van-days off the road for that alone.'],
  ['user', 45, 'Forty van-days is a lot of lost work. How does that hit your customers?'],
  ['ai', 52, 'Deliveries slip, and two of our contracts have penalties for late drops. It cost us about thirty thousand last year.'],
  ['user', 64, 'It sounds like the penalties are what makes this urgent. Before I say anything about what we do, what would a good fix look like for you?'],
  ['ai', 74, 'One view of stock across all depots, and someone approving big orders before they go out.'],
  ['user', 84, "That helps. Shall we book an hour next Tuesday at 10 with your depot leads so I can show how that would work on your numbers?"],
  ['ai', 94, 'Tuesday works. I will bring two of the depot managers.'],
]);

const BAD = L([
  ['ai', 0, 'Hi, thanks for making time. We run about two hundred vans across the region.'],
  ['user', 5, 'Great. Our platform is the leading parts procurement solution, with automated ordering, a supplier marketplace, real-time dashboards and approval flows. We offer integrations with every major ERP, and our customers save a lot of money. You should really move all your depots onto it this year, it is the best option for a fleet your size.'],
  ['ai', 30, 'Okay.'],
  ['user', 33, 'Do you use a procurement tool today?'],
  ['ai', 36, 'No.'],
  ['user', 38, 'Is budget approved for this year?'],
  ['ai', 41, 'Not really.'],
  ['user', 44, 'Well, you need to get the budget sorted, because every month without our software costs you. I will send over a brochure.'],
  ['ai', 55, 'Fine.'],
]);

const EXPECTED = { good: ['good', 'good', 'good', 'good', 'good', 'good'], bad: ['bad', 'bad', 'bad', 'bad', 'bad', 'bad'] };


it("grades a customer's own discovery rubric by meaning: the good call ranks, the bad one does not", () => {
  const good = gradeOffline(GOOD, 100, DISCOVERY), bad = gradeOffline(BAD, 60, DISCOVERY);
  assert.deepEqual(good.rubric_mapping.map((m) => m.graded_by), ['open_questions', 'discovery_pain', 'reflective_listening', 'talk_ratio', 'no_lecturing', 'next_steps']);
  const grades = (r: typeof good) => r.evaluations.flatMap((e) => e.items.map((i) => i.grade));
  const right = (r: typeof good, want: string[]) => grades(r).filter((g, i) => g === want[i]).length;
  assert.ok(['gold', 'silver', 'bronze'].includes(good.rank), `good call ranked ${good.rank} (${good.score}): ${grades(good)}`);
  assert.ok(right(good, EXPECTED.good) >= 5, `good call item grades ${grades(good)}`);
  assert.equal(bad.rank, 'unranked', `bad call scored ${bad.score}: ${grades(bad)}`);
  assert.ok(right(bad, EXPECTED.bad) >= 5, `bad call item grades ${grades(bad)}`);
  assert.ok(good.metrics.open_questions >= 4, `open questions ${good.metrics.open_questions}`);
});

it('reads the talk share a rubric asks for from its words', () => {
  const at = (description: string) => talkTarget({ name: 'Talk', description, weight: 1 }).good;
  assert.equal(at('The coach speaks well under half of the words.'), 0.45);
  assert.equal(at('The seller speaks less than half of the time.'), 0.5);
  assert.equal(at('Talk no more than a third of the time.'), 0.34);
  assert.equal(at('The agent speaks at most 30 % of the words.'), 0.3);
  const r = gradeOffline(L([['ai', 0, 'one two three four five six seven eight nine ten'], ['user', 5, 'one two three four five six seven eight nine ten eleven']]), 10,
    { ...DISCOVERY, rubric: { criteria: [{ name: 'c', items: [{ name: 'Balance', weight: 1, description: 'The coach speaks well under half of the words.', signal: 'talk_ratio' }] }] } });
  assert.equal(r.evaluations[0].items[0].grade, 'mid', '52 % of the words is not "well under half"');
});
