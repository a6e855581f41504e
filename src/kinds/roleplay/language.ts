// What a trainee's sentence does in the conversation: asks (openly or not), reflects what the
// other side said, advises or lectures, affirms, proposes a next step. Hand-written English
// patterns over cleaned sentences, checked against the experts' utterance labels in AnnoMI
// (`npm run eval:annomi` prints the agreement).

import type { Line } from './transcript.ts';

export type Act = 'open_question' | 'closed_question' | 'reflection' | 'advice' | 'affirmation' | 'next_step' | 'permission' | 'other';

/** Disfluencies and stutters out, so patterns see the words: "I-I, um, what-what do" → "I, what do". */
export function clean(text: string): string {
  return text
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(\w+)(?:-{1,2}\1\b)+/gi, '$1')
    .replace(/(^|[\s,])(?:you know|i mean)(?=[\s,.!?]|$),?/gi, '$1')
    .replace(/(^|[\s,])(?:u+h+|u+m+|uhm|erm|mm+-?hmm+|m+h+m+|m+|hm+)(?=[\s,.!?]|$)[,.]?/gi, '$1')
    .replace(/(^|\s)-+|-+(\s|$)/g, '$1$2')
    .replace(/\s*,(\s*,)+/g, ',')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,]+/, '')
    .trim();
}

/** Sentences with their end marks; a question mark stays with its question. */
export function sentencesOf(text: string): string[] {
  return (clean(text).match(/[^.!?]+(?:[.!?]+|$)/g) ?? []).map((s) => s.trim()).filter((s) => /[a-z]/i.test(s));
}

// Words that open a turn without carrying its meaning.
const MARKERS = /^(?:(?:okay|ok|so|and|but|well|now|alright|all right|right|yeah|yes|yep|no|oh|great|good|sure|then|also|cool|wow|gotcha|i see|hi|hello|hey|like|just|i think just)\b[,.!]?\s*)+/i;
const core = (s: string) => s.replace(MARKERS, '').trim();

const WH_OPEN = /^(?:what|how|why)\b/i;
const WH_FACT = /^(?:how (?:many|much|often|long|old|far|soon)|what (?:time|day|year|age|number)|which|who|whom|whose|when|where)\b/i;
const AUX = /^(?:do|does|did|is|are|was|were|am|can|could|would|will|have|has|had|should|shall|may|might|must|isn't|aren't|don't|doesn't|didn't|won't|wouldn't|can't|couldn't|haven't|hasn't|wasn't|weren't)\b\s+(?:you|i|we|they|he|she|it|there|that|this|these|those|your|my|our|the|a|an|any|anything|anyone|anybody|someone|something|people|things)\b/i;
const INVITE = /^(?:(?:can|could|would|will) you (?:please )?(?:tell|describe|walk|explain|share|say|talk|help me understand|give me|remind me)|tell me|remind me|walk me through|talk me through|describe|explain|help me understand|say (?:a (?:little|bit) )?more|talk (?:to me )?(?:a (?:little|bit) )?(?:more )?about|share (?:with me|a bit|more)|give me (?:a sense|an idea|an example)|i(?:'m| am) (?:curious|wondering) (?:about|what|how|why|whether)|i wonder (?:what|how|why))\b/i;
const TAG = /,\s*(?:right|isn't it|aren't you|don't you|didn't you|doesn't it|wasn't it|won't you|can't you|yeah|okay|huh|correct|true)\s*\?$/i;

const TIME = /\b(?:tomorrow|tonight|next (?:week|month|time|session|visit|appointment|monday|tuesday|wednesday|thursday|friday)|(?:on |this |by )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|this (?:week|afternoon|evening|month)|in (?:a|one|two|three|four|six|a couple of|a few|\d+) (?:days?|weeks?|months?)|at \d|\d\s?(?:am|pm)\b|o'clock|end of (?:the |this )?(?:week|month|day)|same time|before (?:we|you) (?:meet|leave|go))\b/i;
const STEP = /\b(?:next step|follow[- ]?up|schedule|book|set up|calendar|send you|meet again|see you|come back|demo|check in|catch up|get together|call you|appointment|let's (?:meet|plan|set|book)|we(?:'ll| will| could| can) (?:meet|talk|look|go over|review|check))\b/i;

/** A proposal of what happens next, with a time: "Shall we book thirty minutes next Tuesday?". */
export const isNextStep = (s: string) => (STEP.test(s) || /\b(?:talk|speak|meet) again\b|\blet's talk\b/i.test(s)) && TIME.test(s);
/** A next step named without a time, as the speaker's proposal ("I can send you…", "let's book…"), not "block your calendar". */
export const mentionsNextStep = (s: string) => STEP.test(s) && /\b(?:we|let's|us|shall|i(?:'ll| will| can| could| would|'d))\b/i.test(s);

const PERMISSION = /\b(?:is it (?:okay|ok|alright|all right) (?:if|with you if) (?:i|we)|would (?:it be (?:okay|ok|alright) if|you (?:mind if|be (?:interested|open|okay|ok) (?:in|to|if|with)))|(?:can|could|may) i (?:share|tell|give|offer|suggest|make|ask)|do you mind if i|would you like (?:me to|some|to hear|to know|more)|if you(?:'d| would) (?:like|be interested))/i;

/** The other side asks for advice or information: what follows is welcome, not a lecture. */
const asksForInput = (heard: string) => /\?\s*$/.test(heard.trim()) || /\b(?:i(?:'d| would) like (?:some )?(?:help|advice|information|ideas)|what (?:should|can|could|do) i\b|any (?:ideas|suggestions|advice|tips)|what do you (?:suggest|recommend|think i should)|how (?:do|can|could) i\b|i don't know (?:what|how) to|tell me (?:more|about|what|how)|i need (?:some )?(?:help|advice))/i.test(heard);

// Telling the other side what to do, or warning them, without being asked.
const ADVICE = [
  /\byou (?:really |probably |just |definitely )?(?:should(?:n't)?|need to|must|have to|ought to|'d better|had better|gotta|got to)\b/i,
  /\bi(?:'d| would)?(?: like to| \w+)? (?:recommend|suggest|advise|urge|encourage you)\b/i,
  /\b(?:you|we) (?:could|can|might) (?:also |just |always |maybe |still )?(?:try|use|start|stop|consider|think about|say|bring|tell|talk to|call|ask|go|get|take|cut|switch|look|set)\b|\bwe (?:should|need to|have to|got to|gotta|must)\b/i,
  /\bi hope (?:that )?you (?:will |really |can |would )?(?:consider|listen|stop|quit|cut|try|think|take|remember)\b|\b(?:one|another) (?:good |better |great )?(?:option|idea|thing you (?:could|can))\b|\bthe best option\b|\bnot (?:be )?a bad idea\b|\byou (?:do not|don't) need (?:a|an|any|that|this|it)\b|\bit (?:might|may|would) be a good idea\b/i,
  /\bour (?:platform|product|solution|tool|software|service|offering|feature)s?\b|\bwe (?:offer|provide|also have)\b/i,
  /\b(?:consequences|ruin your|wreck your|mess up your|lose your life|get arrested|get into (?:an? )?(?:auto |car )?(?:crash|accident|trouble))\b/i,
  /\bi (?:want|need) you to\b/i,
  /\bit(?:'s| is) (?:really |very |so )?(?:important|essential|crucial|vital|best|better) (?:that you|to|for you|you)\b/i,
  /\bmake sure\b|\bthe best thing (?:is|would be|you can do|to do)\b|\bwhy don't you\b|\byou(?:'re| are) going to (?:have to|need to|take|want to stop)\b/i,
  /^(?:please )?(?:do (?:that|this|it|what)|take|stop|try|quit|cut|avoid|start|don't|do not|never|keep|remember|make|call|use|drink|eat|get|consider|limit|switch|put|give up|be careful|think about)\b/i,
  /\b(?:can|could|will|may|might|would|does|do) (?:really |also |seriously )?(?:cause|lead to|harm|damage|kill|increase (?:your|the) risk|raise (?:your|the) risk|hurt|affect your|result in|put you at)\b/i,
  /\b(?:dangerous|harmful|risky|at risk|risks? of|bad for (?:you|your)|unhealthy|addictive|toxic|illegal)\b/i,
  /\b(?:the (?:guidelines?|recommended (?:limit|amount|dose))|studies (?:show|have)|research (?:shows|says|has)|the evidence|we know that|statistics|doctors? (?:say|recommend))\b/i,
  /\bi(?:'m| am) (?:really |very |a (?:little|bit) )?(?:worried|concerned) (?:about|that|with)\b/i,
  /\byou (?:do|will|'ll|would|'d) (?:really |also )?need to\b|\bwe(?:'ll| will)? (?:really |also |strongly |don't really |do )?(?:need to|recommend|suggest|advise|consider)\b|\bwhat i recommend\b|\bi wish you would\b|\bi think (?:you should|you need|you're wrong|it's (?:time|best|important))\b/i,
  /\b(?:i(?:'d| would) like to (?:share|tell|give|show|point out|talk to you about)|i (?:want|wanted|need|have) to (?:share|tell you|point out|let you know|mention|remind)|just so you know|i should (?:mention|tell you)|let me (?:show|tell|explain))\b/i,
  /\b(?:affects? your|(?:can|could|will) have an? (?:\w+ )?(?:impact|effect)|(?:can|will|could) make (?:\w+ ){0,3}worse|there is (?:certainly |actually )?(?:a lot of |good |strong )?evidence|we (?:see|know|find|consider)\b|people who|most people|a lot of (?:people|folks|time)|other people i(?:'ve| have) (?:worked|seen|talked))/i,
];
// Clauses that speak for the other side's choice, not against it.
const AUTONOMY = /\b(?:not (?:going to|gonna|here to) (?:tell|make|lecture|force)|(?:up to you|your (?:choice|decision|call))|nobody can make you|no one can make you|you don't have to|you decide|i won't tell you)\b/i;

const AFFIRM = /\b(?:well done|good for you|good job|great job|nice job|good work|that'?s (?:great|wonderful|fantastic|excellent|awesome|impressive|really (?:good|great|important)|a (?:good|great|big|real|huge) (?:idea|point|start|step|plan|thing|achievement))|you(?:'ve| have) (?:already |really |clearly )?(?:done|made|managed|shown|taken|worked|come|achieved|succeeded)\b.{0,40}\b(?:well|great|good|real|a lot|so much|hard|big|progress|effort|steps?|far)|you(?:'re| are) (?:clearly |obviously |really |very |so |such )?(?:a )?(?:strong|resourceful|committed|determined|motivated|caring|capable|brave|courageous|honest|smart|thoughtful|hard[- ]working|dedicated|good (?:mom|mother|dad|father|parent|friend|student|person))|thank(?:s| you) (?:so much )?for (?:coming|sharing|being|telling|talking|your honesty|opening up|filling)|i (?:really )?(?:appreciate|admire|respect) (?:your|you|that|how)|it takes (?:courage|strength|guts)|that took (?:courage|effort|guts|strength)|impressive|proud of you|you care (?:a lot|deeply|about))/i;

// Stock openings of a reflection, and second-person statements of feeling, wanting or thinking.
const REFLECT = /\b(?:(?:it |that )?sounds like (?:you|your|it's been|there's|things|a lot of (?:things|stress|pressure))|that sounds (?:hard|difficult|tough|frustrating|scary|painful|stressful)|it seems|seems like|you seem|it feels|feels like|what i(?:'m| am) hearing|what you(?:'re| are) saying|you(?:'re| are) saying|if i understand|in other words|on (?:the )?one hand|on the other hand|part of you|for you,|that must (?:be|have been)|must be (?:hard|difficult|tough|frustrating|scary)|you(?:'re| are) (?:someone|a person) who|you(?:'re| are) (?:feeling|worried|concerned|not sure|unsure|thinking|wondering|torn|frustrated|afraid|scared|tired|ready|struggling|looking)|you (?:really )?(?:feel|want|care|value|love|wish|hope|worry|wonder|enjoy|like|miss|hate|know|think|believe|mean|find)\b)/i;
const YOU_DO = /\byou(?:'re|'ve| are| have| were| had| was| did| don't| didn't| just| also| still| really| kind of| sort of| mentioned| said| noticed)\b/i;
const FUTURE = /\byou(?:'ll|'d| will| would| could| can| can't| might| may| need| gonna| are going to|'re going to|'re gonna| are gonna| won't| wouldn't| should| must| have to)\b/i;
// A sentence that opens as a reflection is one, whatever else it says ("It sounds like you care a lot").
const REFLECT_LEAD = /^(?:it sounds|it seems|it feels|sounds like|seems like|what i(?:'m| am) hearing|what you(?:'re| are) saying|if i understand|in other words|on (?:the )?one hand)\b/i;
const SELF = /^(?:i|i'm|i've|i'll|i'd|we|we're|we'll|let me|let's|my|our)\b/i;
const SECOND = /^(?:you|you're|you've|you'd|you'll|your)\b/i;

const STOP = new Set(('the a an and or but so of to in on for with that this these those is are was were be been being it its as by at from your you i me my we our they them their he she his her him not no do does did have has had what how why when where who which there here just really very like yeah okay well thanks thank good great sure right yes fine then than about would could should can will get got going gonna kind sort lot thing things know think mean said say one some any all more much also too even still now').split(' '));
const stem = (w: string) => w.replace(/(?:ing|ed|es|s|ly)$/, '');
const contentWords = (text: string) => new Set((text.toLowerCase().match(/[a-z']+/g) ?? []).filter((w) => w.length > 2 && !STOP.has(w)).map(stem));

/** What one sentence does; `heard` is what the other side said just before, for reflections. */
export function actOf(sentence: string, heard = ''): Act {
  const s = core(sentence);
  if (!s) return 'other';
  const asked = /\?\s*$/.test(s);
  // A proposal of what happens next is not a closed question, even when it asks.
  if (isNextStep(s) || (asked && STEP.test(s) && /\b(?:we|i|us)\b/i.test(s))) return 'next_step';
  const clauses = s.split(/,\s*/).map((c) => core(c)).filter(Boolean);
  const lead = clauses.find((c) => WH_OPEN.test(c) || WH_FACT.test(c) || AUX.test(c) || INVITE.test(c)) ?? s;
  if (PERMISSION.test(s)) return 'permission';
  if (INVITE.test(s) || INVITE.test(lead)) return 'open_question';
  if (asked || /^(?:what|how|why|where|when|who) (?:do|does|did|is|are|was|were|would|could|can|will|have|has|should|else|about)\b/i.test(s)) {
    if (TAG.test(s)) return 'closed_question';
    if (WH_FACT.test(lead)) return 'closed_question';
    if (WH_OPEN.test(lead)) return 'open_question';
    if (AUX.test(lead)) return /\bwhy don't you\b/i.test(s) ? 'advice' : 'closed_question';
    if (!asked) return 'other';
    // A statement said as a question: "So you feel stuck?" restates; "Really?" checks a fact.
    const n = s.split(/\s+/).length;
    return n >= 3 && (SECOND.test(s) || REFLECT.test(s) || overlaps(s, heard)) ? 'reflection' : 'closed_question';
  }
  if (REFLECT_LEAD.test(s)) return 'reflection';
  if (AFFIRM.test(s)) return 'affirmation';
  if (ADVICE.some((re) => re.test(s)) && !AUTONOMY.test(s)) return 'advice';
  if (REFLECT.test(s) && !SELF.test(s)) return 'reflection';
  if (!SELF.test(s) && s.split(/\s+/).length >= 2 && overlaps(s, heard)) return 'reflection';
  // A statement about the other side that picks up a word they just used ("You're not a
  // criminal."); about their future or what they could do, it is the speaker's view, not theirs.
  if ((SECOND.test(s) || /^so\b/i.test(sentence.trim()) || YOU_DO.test(s)) && !FUTURE.test(s) && shares(s, heard) >= 1) return 'reflection';
  return 'other';
}

/** How many of the sentence's content words the other side just used. */
function shares(s: string, heard: string): number {
  const theirs = contentWords(heard);
  let n = 0;
  for (const w of contentWords(s)) if (theirs.has(w)) n++;
  return n;
}

/** At least two content words in common with what was just heard, and a third of the sentence's own. */
function overlaps(s: string, heard: string): boolean {
  if (!heard) return false;
  const mine = contentWords(s), shared = shares(s, heard);
  // A short echo ("The gym.") counts when all of it was just heard.
  return (shared >= 2 && shared >= mine.size / 3) || (shared >= 1 && shared === mine.size && mine.size <= 2);
}

/** The acts of one turn, sentence by sentence. */
export function actsOf(text: string, heard = ''): { sentence: string; act: Act }[] {
  return sentencesOf(text).map((sentence) => ({ sentence, act: actOf(sentence, heard) }));
}

/** A turn's main act, as a coder would label the whole utterance: its question if it ends on one, else what it mostly does. */
export function mainAct(acts: Act[]): Act {
  const real: Act[] = acts.filter((a) => a !== 'other');
  if (!real.length) return 'other';
  const last = real[real.length - 1];
  if (isQuestion(last) || last === 'permission') return last;
  for (const a of ['advice', 'reflection', 'next_step', 'affirmation', 'open_question', 'closed_question'] as Act[]) if (real.includes(a)) return a;
  return last;
}

export const isQuestion = (a: Act) => a === 'open_question' || a === 'closed_question';

/** A trainee line read sentence by sentence, and whether advice in it was asked for. */
export interface Said { line: Line; sentences: { sentence: string; act: Act }[]; acts: Act[]; solicited: boolean }

/**
 * Each trainee line of a conversation, read against the persona's turn before it (system lines are
 * context, not speech). Advice is welcome in the reply to a persona's question or request, and in
 * the turn after the trainee asked permission; later turns are judged again (on AnnoMI a longer
 * allowance let low-quality lectures pass: lecturing item AUC 0.92 → 0.83 at three turns).
 */
export function readTrainee(lines: Line[]): Said[] {
  const out: Said[] = [];
  let heard = '', permission = false;
  for (const l of lines) {
    if (l.speaker === 'system') continue;
    if (l.speaker !== 'user') { heard = l.text; continue; }
    const sentences = actsOf(l.text, heard);
    const acts = sentences.map((a) => a.act);
    out.push({ line: l, sentences, acts, solicited: permission || asksForInput(heard) });
    permission = acts.includes('permission');
  }
  return out;
}
