// A motivational-interviewing rubric as a customer would write it: items in words only (names,
// descriptions, what good looks like), no detector names. The grader has to understand it.
import type { Scenario } from '../src/kinds/roleplay/scenarios.ts';

export const MI_RUBRIC_SCENARIO: Scenario = {
  name: 'Motivational interviewing practice', slug: 'mi-practice',
  description: 'A client is ambivalent about changing a habit. Evoke their own reasons for change.',
  persona: 'A client who drinks or smokes more than they would like and is unsure about changing.',
  rubric: { criteria: [
    { name: 'Core skills', items: [
      { name: 'Open questions', weight: 3, description: 'Invites the client to talk about their experience in their own words.', what_good_looks_like: 'Questions that cannot be answered with yes or no, such as asking what the client thinks or how things are going.' },
      { name: 'Reflections', weight: 3, description: 'Says back what the client said, or the meaning behind it, to show understanding.', what_good_looks_like: 'Statements that restate or extend what the client just said, more often than questions.' },
      { name: 'Affirmations', weight: 1, description: 'Recognises the client\'s strengths, efforts and values.', what_good_looks_like: 'Genuine recognition of what the client has already done or cares about.' },
    ] },
    { name: 'Spirit', items: [
      { name: 'No lecturing or unsolicited advice', weight: 3, description: 'Does not tell the client what to do or give information they did not ask for.', what_good_looks_like: 'Asks permission before sharing information; no warnings, instructions or persuasion.' },
      { name: 'Client does most of the talking', weight: 2, description: 'The client speaks more than the counsellor.', what_good_looks_like: 'The counsellor speaks well under half of the words.' },
    ] },
  ] },
  rank_thresholds: { gold: 85, silver: 70, bronze: 50 }, min_duration_seconds: 60,
};
