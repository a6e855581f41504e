import type { SignalName } from './signal-names.ts';

export interface RubricItem {
  name: string;
  description: string;
  /** Optional: what a good answer sounds like (feedback quotes it; the description stands in when it is missing). */
  what_good_looks_like?: string;
  weight: number;
  /** The offline grader's detector for this item; items without one are graded by their wording. */
  signal?: SignalName;
}
export type Scenario = {
  name: string; slug: string; description: string; persona: string;
  rubric: { criteria: { name: string; items: RubricItem[] }[] };
  rank_thresholds: { gold: number; silver: number; bronze: number };
  min_duration_seconds: number;
};

const item = (name: string, signal: SignalName, weight: number, description: string, good: string): RubricItem =>
  ({ name, description, what_good_looks_like: good, weight, signal });

/** Scenarios every workspace can use by slug, or copy and adapt. */
export const BUILT_IN_SCENARIOS: Scenario[] = [
  {
    name: 'Sales discovery call', slug: 'sales-discovery',
    description: 'A first call with a procurement lead: learn how they buy today and what hurts, then agree a next step.',
    persona: 'Dana, procurement lead at a mid-size manufacturer. Busy, polite, shares problems only when asked well.',
    rubric: { criteria: [
      { name: 'Discovery', items: [
        item('Open questions', 'open_questions', 3, 'Asks questions that invite the buyer to explain, not to answer yes or no.', 'Several "what", "how" and "tell me" questions; few yes/no questions.'),
        item('Uncovering pain', 'discovery_pain', 3, 'Explores the current process, its problems and their cost.', 'Asks about challenges, what goes wrong and what it costs them.'),
      ] },
      { name: 'Communication', items: [
        item('Listening balance', 'talk_ratio', 2, 'Lets the buyer talk more than the seller.', 'The trainee speaks well under half of the words.'),
        item('Clear speech', 'filler_words', 1, 'Speaks without filler words.', 'Few "um", "uh", "you know".'),
      ] },
      { name: 'Closing', items: [
        item('Next steps', 'next_steps', 2, 'Ends with a concrete, agreed next step.', 'Proposes a follow-up meeting, demo or sending material, with a time.'),
      ] },
    ] },
    rank_thresholds: { gold: 85, silver: 70, bronze: 50 }, min_duration_seconds: 60,
  },
  {
    name: 'Objection handling: price', slug: 'price-objection',
    description: 'The buyer says the product is too expensive. Understand the objection and answer it on value.',
    persona: 'Sam, finance director. Thinks the price is too high and says so early.',
    rubric: { criteria: [
      { name: 'Objection handling', items: [
        item('Acknowledge the concern', 'acknowledge_objection', 3, 'Recognises the price concern before answering it.', '"I understand", "that is fair", "I hear you" right after the objection.'),
        item('Clarify before answering', 'clarify_objection', 2, 'Asks what the concern is measured against before defending the price.', 'A question such as "compared to what?" or "what budget did you have in mind?".'),
        item('Reframe on value', 'value_reframe', 3, 'Links the price to the value, return or cost of the problem.', 'Talks about ROI, savings, or the cost of doing nothing.'),
      ] },
      { name: 'Negotiation', items: [
        item('No discount reflex', 'no_discount', 2, 'Does not offer a discount to make the objection go away.', 'Holds the price; trades only for something in return.'),
        item('Next steps', 'next_steps', 1, 'Agrees what happens next.', 'Proposes a follow-up, a business case or a meeting with the decision maker.'),
      ] },
    ] },
    rank_thresholds: { gold: 85, silver: 70, bronze: 50 }, min_duration_seconds: 60,
  },
  {
    name: 'Coaching conversation', slug: 'coaching-conversation',
    description: 'A team member is struggling with workload. Help them think it through: ask, listen, reflect; do not lecture.',
    persona: 'Alex, a team member who feels overwhelmed and a little defensive.',
    rubric: { criteria: [
      { name: 'Listening', items: [
        item('Open questions', 'open_questions', 3, 'Invites the person to explore their situation.', '"What", "how" and "tell me" questions.'),
        item('Reflective listening', 'reflective_listening', 3, 'Reflects back what was heard.', '"It sounds like…", "So you feel…", "What I am hearing is…".'),
        item('Listening balance', 'talk_ratio', 2, 'The person being coached does most of the talking.', 'The coach speaks well under half of the words.'),
      ] },
      { name: 'Stance', items: [
        item('No lecturing', 'no_lecturing', 3, 'Does not tell the person what to do in long speeches.', 'Short turns; no strings of "you should" or "you need to".'),
        item('Agreeing a next step', 'next_steps', 1, 'Ends with a step the person chose.', 'A concrete next step and a time to check in.'),
      ] },
    ] },
    rank_thresholds: { gold: 85, silver: 70, bronze: 50 }, min_duration_seconds: 60,
  },
];

export const builtInScenario = (slug: string) => BUILT_IN_SCENARIOS.find((s) => s.slug === slug);
