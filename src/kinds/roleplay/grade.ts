import type { Line } from './transcript.ts';
import { conversationMetrics, type ConversationMetrics } from './metrics.ts';
import { isNextStep, isQuestion, mentionsNextStep, readTrainee, type Said } from './language.ts';
import type { RubricItem, Scenario } from './scenarios.ts';
import type { SignalName } from './signal-names.ts';

export type Grade = 'good' | 'mid' | 'bad';
export interface FeedbackExample { quote: string; feedback: string; suggestion_quote: string | null; grade: Grade; salience: 'high' | 'medium' | 'low' }
export interface ItemEvaluation { name: string; grade: Grade; feedback: string; feedback_examples: FeedbackExample[] }
export interface Evaluation { criterion_name: string; items: ItemEvaluation[] }

export { SIGNAL_NAMES, type SignalName } from './signal-names.ts';

/** What each detector measures, in words: the README's mapping table and the LLM judge's prompt. */
export const BEHAVIOURS: Record<SignalName, string> = {
  open_questions: 'questions that invite an explanation (what, how, why, "tell me about", "walk me through"), counted against closed yes/no or fact questions',
  discovery_pain: 'questions about what goes wrong in the current way of working and what it costs',
  talk_ratio: "the trainee's share of the words, against the share the item's words ask for",
  filler_words: 'filler words (um, uh, you know, basically) per 100 words',
  next_steps: 'a concrete next step with a time, proposed near the end',
  acknowledge_objection: 'recognising a price objection before answering it',
  clarify_objection: 'a question about what the objection is measured against',
  value_reframe: 'linking the price to value, return or the cost of the problem',
  no_discount: 'not offering a discount to make an objection go away',
  reflective_listening: 'statements that restate or extend what the other side just said, counted against questions',
  no_lecturing: 'advice, warnings, instructions or information nobody asked for (permission asked first makes it welcome)',
  affirmations: "genuine recognition of the other side's efforts, strengths or values",
};

interface Ctx { lines: Line[]; user: Line[]; said: Said[]; metrics: ConversationMetrics; end: number }
interface Verdict { grade: Grade; feedback: string; evidence: { line: Line; note: string; grade: Grade }[]; suggestion?: string }

const has = (re: RegExp) => (l: Line) => re.test(l.text);
const first = <T>(xs: T[], n = 2) => xs.slice(0, n);

/** Two or more good lines grade good, one mid, none bad; the first two are the evidence. */
function byCount(lines: Line[], feedback: string, note: string, suggestion: string): Verdict {
  const grade: Grade = lines.length >= 2 ? 'good' : lines.length === 1 ? 'mid' : 'bad';
  return { grade, feedback, evidence: first(lines).map((line) => ({ line, note, grade: 'good' as Grade })), suggestion: grade === 'good' ? undefined : suggestion };
}

const PAIN = /\b(challenge|problem|issue|struggl|pain|frustrat|goes wrong|go wrong|difficult|hard|cost you|costing|impact|affect|hits? (?:you|your)|mean for|slow|manual|lost|delay)/i;
const OBJECTION = /\b(expensive|too much|price|cost|budget|afford|cheaper|pricey)\b/i;
const ACK = /\b(understand|fair|hear you|makes sense|appreciate|that's reasonable|i get (?:it|that)|good point|valid)\b/i;
const VALUE = /\b(value|roi|return|save|saving|pays? (?:for )?itself|cost of (?:doing nothing|the problem|waiting)|payback|worth)\b/i;
const DISCOUNT = /\b(discount|% off|percent off|lower the price|reduce the price|cut the price|cheaper option|special price|deal for you)\b/i;

/** Detectors for the built-in rubric items: each reads the transcript and the exact metrics. */
const SIGNALS: Record<SignalName, (c: Ctx, item: RubricItem) => Verdict> = {
  open_questions(c) {
    const open = c.said.filter((x) => x.acts.includes('open_question')).map((x) => x.line);
    const closed = c.said.filter((x) => x.acts.includes('closed_question') && !x.acts.includes('open_question')).map((x) => x.line);
    const { open_questions: o, closed_questions: k } = c.metrics;
    const grade: Grade = o >= 3 && o >= k ? 'good' : o >= 1 ? 'mid' : 'bad';
    return {
      grade,
      feedback: `Asked ${o} open and ${k} closed question${k === 1 ? '' : 's'}.`,
      evidence: [...first(open).map((line) => ({ line, note: 'Open question: it invites a real answer.', grade: 'good' as Grade })),
        ...(grade !== 'good' ? first(closed, 1).map((line) => ({ line, note: 'Closed question: it only invites yes or no.', grade: 'mid' as Grade })) : [])],
      suggestion: grade === 'good' ? undefined : 'What does that look like for you today?',
    };
  },
  discovery_pain(c) {
    const asked = c.said.filter((x) => x.sentences.some((s) => isQuestion(s.act) && PAIN.test(s.sentence))).map((x) => x.line);
    return byCount(asked, `${asked.length} question${asked.length === 1 ? '' : 's'} explored problems and their cost.`,
      'Explores what goes wrong today.', 'What is the biggest challenge with the way you do it today?');
  },
  talk_ratio(c, item) {
    const r = c.metrics.talk_ratio;
    const target = talkTarget(item);
    const grade: Grade = r <= target.good ? 'good' : r <= target.mid ? 'mid' : 'bad';
    const longest = [...c.user].sort((a, b) => b.text.length - a.text.length)[0];
    return {
      grade, feedback: `You spoke ${Math.round(r * 100)} % of the words (aim: at most ${Math.round(target.good * 100)} %).`,
      evidence: grade === 'good' || !longest ? [] : [{ line: longest, note: 'A long turn: the other side could have spoken here.', grade }],
      suggestion: grade === 'good' ? undefined : 'Tell me more about that.',
    };
  },
  filler_words(c) {
    const per100 = c.metrics.user_words ? (c.metrics.filler_words / c.metrics.user_words) * 100 : 0;
    const grade: Grade = per100 <= 2 ? 'good' : per100 <= 5 ? 'mid' : 'bad';
    const worst = c.user.filter(has(/\b(um+|uh+|you know|i mean|basically)\b/i));
    return {
      grade, feedback: `${c.metrics.filler_words} filler word${c.metrics.filler_words === 1 ? '' : 's'} (${per100.toFixed(1)} per 100 words).`,
      evidence: grade === 'good' ? [] : first(worst, 1).map((line) => ({ line, note: 'Filler words weaken the message.', grade })),
    };
  },
  next_steps(c) {
    // A step with a time, late in the call, is agreed; one without a time, or early, is only mentioned.
    const timed = c.user.filter((l) => isNextStep(l.text));
    const late = timed.filter((l) => l.seconds_from_start >= c.end * 0.6);
    const any = c.user.filter((l) => mentionsNextStep(l.text));
    const grade: Grade = late.length ? 'good' : timed.length || any.length ? 'mid' : 'bad';
    return {
      grade, feedback: grade === 'good' ? 'Closed with a concrete next step and a time.' : grade === 'mid' ? (timed.length ? 'Proposed a next step, but not at the close.' : 'Mentioned a next step, without a time.') : 'No next step was agreed.',
      evidence: first(late.length ? late : timed.length ? timed : any, 1).map((line) => ({ line, note: 'A concrete next step.', grade })),
      suggestion: grade === 'good' ? undefined : 'Shall we book thirty minutes next week to go through this with your team?',
    };
  },
  acknowledge_objection(c) {
    const answers = answersToObjections(c);
    const acked = answers.filter(has(ACK));
    const grade: Grade = answers.length && acked.length === answers.length ? 'good' : acked.length ? 'mid' : 'bad';
    return {
      grade, feedback: answers.length ? `Acknowledged ${acked.length} of ${answers.length} price objection${answers.length === 1 ? '' : 's'}.` : 'No reply to the price objection.',
      evidence: [...first(acked, 1).map((line) => ({ line, note: 'Acknowledges the concern before answering.', grade: 'good' as Grade })),
        ...first(answers.filter((l) => !ACK.test(l.text)), 1).map((line) => ({ line, note: 'Answers the price without acknowledging the concern.', grade: 'bad' as Grade }))],
      suggestion: grade === 'good' ? undefined : 'I understand — it is a significant investment.',
    };
  },
  clarify_objection(c) {
    const answers = answersToObjections(c);
    const read = new Map(c.said.map((x) => [x.line, x]));
    const asked = answers.filter((l) => read.get(l)?.acts.some(isQuestion));
    const grade: Grade = asked.length && asked.some((l) => read.get(l)!.acts.includes('open_question') || /compared|in mind|against/i.test(l.text)) ? 'good' : asked.length ? 'mid' : 'bad';
    return {
      grade, feedback: asked.length ? 'Asked about the objection before answering it.' : 'Defended the price without asking what it was compared with.',
      evidence: first(asked, 1).map((line) => ({ line, note: 'A clarifying question about the objection.', grade })),
      suggestion: grade === 'good' ? undefined : 'Too expensive compared to what?',
    };
  },
  value_reframe(c) {
    const reframes = c.user.filter(has(VALUE));
    return byCount(reframes, `${reframes.length} answer${reframes.length === 1 ? '' : 's'} linked the price to value.`,
      'Links the price to what it returns.', 'If it saves your team ten hours a week, it pays for itself in a quarter.');
  },
  no_discount(c) {
    const offers = c.user.filter(has(DISCOUNT));
    const early = offers.filter((l) => l.seconds_from_start < c.end * 0.5);
    const grade: Grade = !offers.length ? 'good' : early.length ? 'bad' : 'mid';
    return {
      grade, feedback: !offers.length ? 'Held the price.' : 'Offered a discount to make the objection go away.',
      evidence: first(offers, 1).map((line) => ({ line, note: 'A discount offered instead of value.', grade: 'bad' as Grade })),
      suggestion: grade === 'good' ? undefined : 'Before we talk about price, let us make sure the value is clear.',
    };
  },
  reflective_listening(c) {
    // Reflections measured against questions: a listener restates at least one answer in two.
    const reflections = c.said.filter((x) => x.acts.includes('reflection')).map((x) => x.line);
    const questions = c.said.filter((x) => x.acts.some(isQuestion)).length;
    const r = reflections.length;
    const grade: Grade = r >= 2 && r >= questions / 2 ? 'good' : r >= 1 ? 'mid' : 'bad';
    return {
      grade, feedback: `${r} reflection${r === 1 ? '' : 's'} of what was heard, against ${questions} question${questions === 1 ? '' : 's'}.`,
      evidence: first(reflections).map((line) => ({ line, note: 'Reflects back what the person said.', grade: 'good' as Grade })),
      suggestion: grade === 'good' ? undefined : 'It sounds like the deadlines keep piling up on you.',
    };
  },
  affirmations(c) {
    const affirmed = c.said.filter((x) => x.acts.includes('affirmation')).map((x) => x.line);
    return byCount(affirmed, `${affirmed.length} affirmation${affirmed.length === 1 ? '' : 's'} of the person's efforts or strengths.`,
      'Recognises an effort or a strength.', 'You have already cut down once; that took real effort.');
  },
  no_lecturing(c) {
    // Advice, warnings and information nobody asked for; after a permission question or a request it is welcome.
    const lectures = c.said.filter((x) => x.acts.includes('advice') && !x.solicited).map((x) => x.line);
    // Out of the turns that do something: "Mm-hmm" and "Okay" neither lecture nor dilute one.
    const substantive = c.said.filter((x) => x.acts.some((a) => a !== 'other')).length;
    const n = lectures.length, share = substantive ? n / substantive : 0;
    const longest = c.metrics.longest_monologue_words;
    // A lecture is a habit, not one remark: a quarter of the turns is bad, one in ten mid.
    const sentences = c.said.filter((x) => !x.solicited).reduce((k, x) => k + x.acts.filter((a) => a === 'advice').length, 0);
    const grade: Grade = share >= 0.25 && (n >= 2 || sentences >= 3) ? 'bad' : share >= 0.1 || longest > 150 ? 'mid' : 'good';
    return {
      grade, feedback: `${n} turn${n === 1 ? '' : 's'} of unasked-for advice or warnings; longest turn ${longest} words.`,
      evidence: first(lectures, 1).map((line) => ({ line, note: 'Telling rather than asking.', grade: 'bad' as Grade })),
      suggestion: grade === 'good' ? undefined : 'What options do you see?',
    };
  },
};

/**
 * The talk share a rubric item asks for, read from its words: "well under half" → 45 %, "under
 * half" or "more than the seller" → 50 %, "a third" → 34 % (a third and a hair), "30 %" → 30 %. Mid allows ten points more.
 */
export function talkTarget(item: RubricItem): { good: number; mid: number } {
  const text = `${item.description} ${item.what_good_looks_like ?? ''}`.toLowerCase();
  const pct = text.match(/(\d{1,2})\s*(?:%|percent)/);
  const good = pct ? Number(pct[1]) / 100
    : /\ba (?:third|quarter)\b/.test(text) ? (/quarter/.test(text) ? 0.25 : 0.34)
    : /\b(?:well|far|much) (?:under|below|less than) half\b/.test(text) ? 0.45
    : 0.5;
  return { good, mid: good + 0.1 };
}

/** The trainee's first reply after each persona line that raises price. */
function answersToObjections(c: Ctx): Line[] {
  const out: Line[] = [];
  c.lines.forEach((l, i) => {
    if (l.speaker !== 'ai' || !OBJECTION.test(l.text)) return;
    const reply = c.lines.slice(i + 1).find((x) => x.speaker !== 'system');
    if (reply?.speaker === 'user' && !out.includes(reply)) out.push(reply);
  });
  return out;
}

/**
 * A customer's rubric item, written in words, mapped to the detector that measures what it
 * describes (its name first, then its description). Documented in the README; the result's
 * `rubric_mapping` says which detector graded each item, or that its wording did.
 */
const MEANINGS: [RegExp, SignalName][] = [
  [/\b(lectur|unsolicited|advice|advis|instruct|persua|pitch|sales pitch|tell(s|ing)? (them|the \w+|people) what to do|warn)/i, 'no_lecturing'],
  [/\b(reflect|says? back|plays? back|restat|paraphras|summari[sz]|mirror)/i, 'reflective_listening'],
  [/\baffirm|\b(strengths?|efforts?) (and|or|of)|recogni[sz]\w* (the \w+'s )?(strength|effort)/i, 'affirmations'],
  [/\b(open[- ]?(ended )?questions?|questions? that (invite|cannot be answered)|not (to )?answer yes or no)/i, 'open_questions'],
  [/\b(talk(ing|s)? (ratio|balance|time|most|more|less)|most of the talking|speaks? (more|less|well under)|listening balance|share of (the )?words)/i, 'talk_ratio'],
  [/\b(next steps?|follow[- ]?up|action plan|agree\w* (a|on|the) (plan|step|time)|check[- ]in)/i, 'next_steps'],
  [/\b(filler|um\b|uh\b|clear speech)/i, 'filler_words'],
  [/\b(pain|challenges?|problems?) (and|they|the|that|with)|uncover|current process/i, 'discovery_pain'],
  [/\bdiscount/i, 'no_discount'],
  [/\b(roi|return on|value of|cost of (doing nothing|the problem))/i, 'value_reframe'],
  [/\bobjection|concern\b/i, 'acknowledge_objection'],
];

export function signalByMeaning(item: RubricItem): { signal: SignalName; from: 'name' | 'description' } | null {
  for (const [from, text] of [['name', item.name], ['description', `${item.description} ${item.what_good_looks_like ?? ''}`]] as const) {
    for (const [re, signal] of MEANINGS) if (re.test(text)) return { signal, from };
  }
  return null;
}

const STOP = new Set('the a an and or of to in on for with that this is are be it as by at from your you their they them not no do does what how'.split(' '));
/** Items without a detector: graded by how many trainee lines use the item's own key words. */
function byWording(c: Ctx, item: RubricItem): Verdict {
  const terms = new Set(`${item.name} ${item.description} ${item.what_good_looks_like ?? ''}`.toLowerCase().match(/[a-z]{4,}/g)?.filter((w) => !STOP.has(w)) ?? []);
  const hits = c.user.filter((l) => (l.text.toLowerCase().match(/[a-z]{4,}/g) ?? []).filter((w) => terms.has(w)).length >= 2);
  const grade: Grade = hits.length >= 2 ? 'good' : hits.length === 1 ? 'mid' : 'bad';
  return { grade, feedback: `${hits.length} line${hits.length === 1 ? '' : 's'} addressed "${item.name}".`, evidence: first(hits).map((line) => ({ line, note: `Addresses ${item.name.toLowerCase()}.`, grade })) };
}

export interface GradeResult {
  metrics: ConversationMetrics;
  evaluations: Evaluation[];
  score: number;
  rank: 'gold' | 'silver' | 'bronze' | 'unranked';
  outcome_feedback: string;
  positive_feedback: string;
  constructive_feedback: string;
  /** 'offline', or 'llm:<model>' when the LLM judge graded it. */
  grader: string;
  /** Why the LLM judge was not used, when one is configured. */
  grader_note?: string;
  /** Which detector graded each rubric item: its own, one its words were mapped to (from its name or description), or its wording alone. */
  rubric_mapping: { item: string; graded_by: SignalName | 'wording'; matched_on: 'detector' | 'name' | 'description' | 'wording'; confidence: 'high' | 'medium' | 'low' }[];
}

const POINTS: Record<Grade, number> = { good: 1, mid: 0.5, bad: 0 };

/** What to aim for on an item: what good looks like, else its description, else its name; never empty. */
function aim(item: RubricItem): string {
  const text = (item.what_good_looks_like?.trim() || item.description?.trim() || `Work on ${item.name.toLowerCase()}`).replace(/\s+/g, ' ');
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** The deterministic offline grader: rubric items from detectors, score from grades and weights. */
export function gradeOffline(lines: Line[], durationSeconds: number | null, scenario: Scenario): GradeResult {
  const user = lines.filter((l) => l.speaker === 'user');
  const said = readTrainee(lines);
  const metrics = conversationMetrics(lines, durationSeconds, said);
  const end = durationSeconds ?? lines[lines.length - 1]?.seconds_from_start ?? 0;
  const ctx: Ctx = { lines: lines.filter((l) => l.speaker !== 'system'), user, said, metrics, end };
  let num = 0, den = 0;
  const graded: { item: RubricItem; v: Verdict }[] = [];
  const mapping: GradeResult['rubric_mapping'] = [];
  const evaluations = scenario.rubric.criteria.map((criterion) => ({
    criterion_name: criterion.name,
    items: criterion.items.map((item): ItemEvaluation => {
      const meant = item.signal ? null : signalByMeaning(item);
      const signal = item.signal ?? meant?.signal;
      const matched = item.signal ? 'detector' : meant ? meant.from : 'wording';
      // How sure the mapping is: a named detector or item name is plain; a description can mention a behaviour in passing; wording alone is a guess.
      mapping.push({ item: item.name, graded_by: signal ?? 'wording', matched_on: matched, confidence: matched === 'description' ? 'medium' : matched === 'wording' ? 'low' : 'high' });
      const v = signal ? SIGNALS[signal](ctx, item) : byWording(ctx, item);
      graded.push({ item, v });
      num += POINTS[v.grade] * item.weight;
      den += item.weight;
      return {
        name: item.name, grade: v.grade, feedback: v.feedback,
        feedback_examples: v.evidence.map((e, i) => ({
          quote: e.line.text, feedback: e.note, suggestion_quote: e.grade === 'good' ? null : v.suggestion ?? null,
          grade: e.grade, salience: i === 0 ? 'high' : 'medium',
        })),
      };
    }),
  }));
  const score = den ? Math.round((num / den) * 1000) / 10 : 0;
  const t = scenario.rank_thresholds;
  const rank = score >= t.gold ? 'gold' : score >= t.silver ? 'silver' : score >= t.bronze ? 'bronze' : 'unranked';
  const best = [...graded].sort((a, b) => POINTS[b.v.grade] * b.item.weight - POINTS[a.v.grade] * a.item.weight)[0];
  const worst = [...graded].sort((a, b) => POINTS[a.v.grade] * 10 - a.item.weight - (POINTS[b.v.grade] * 10 - b.item.weight))[0];
  const goods = graded.filter((g) => g.v.grade === 'good').map((g) => g.item.name.toLowerCase());
  return {
    metrics, evaluations, score, rank, grader: 'offline' as string, rubric_mapping: mapping,
    outcome_feedback: `Scored ${score} (${rank}). ${goods.length ? `Strong on ${goods.join(', ')}.` : 'No rubric item was fully met.'}`,
    positive_feedback: best && best.v.grade !== 'bad' ? `${best.item.name}: ${best.v.feedback}` : 'Keep practising: every item has room to grow.',
    constructive_feedback: worst && worst.v.grade !== 'good' ? `${worst.item.name}: ${aim(worst.item)}${worst.v.suggestion ? ` For example: "${worst.v.suggestion}"` : ''}` : 'Nothing to fix: keep doing this.',
  };
}
