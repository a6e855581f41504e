import { it } from 'node:test';
import assert from 'node:assert/strict';
import { actOf, clean, sentencesOf } from './language.ts';

it('reads questions by their form, not only by a question mark and a first word', () => {
  assert.equal(actOf('Tell me about how you buy spare parts today.'), 'open_question');
  assert.equal(actOf('Before I say anything about the renewal, what would make this year a success for you?'), 'open_question');
  assert.equal(actOf('Could you walk me through a typical week?'), 'open_question');
  assert.equal(actOf("I'm curious about how the team decides."), 'open_question');
  assert.equal(actOf('Is that working for you?'), 'closed_question');
  assert.equal(actOf('How many suppliers do you have?'), 'closed_question');
  assert.equal(actOf('You use spreadsheets today, right?'), 'closed_question');
  assert.equal(actOf('Really?'), 'closed_question');
});

it('a proposed next step is not a closed question', () => {
  assert.equal(actOf('Shall we book thirty minutes next Tuesday?'), 'next_step');
  assert.equal(actOf("Let's meet again on Friday at 10 to go through it."), 'next_step');
  assert.equal(actOf('Can I send you the proposal?'), 'next_step');
});

it('reflections restate what was just heard, with or without a stock phrase', () => {
  assert.equal(actOf('So onboarding was the real pain point.', 'Honestly the onboarding was painful, it took months.'), 'reflection');
  assert.equal(actOf('So onboarding was the real pain point.', 'We mostly talk about the invoices.'), 'other');
  assert.equal(actOf('It sounds like you care a lot about doing this well.'), 'reflection');
  assert.equal(actOf('So you feel stuck?'), 'reflection');
  assert.equal(actOf('What I am hearing is that the deadlines keep slipping.'), 'reflection');
});

it('advice and warnings, with negation and permission', () => {
  assert.equal(actOf('You should really switch to our platform.'), 'advice');
  assert.equal(actOf('Smoking can cause heart disease.'), 'advice');
  assert.equal(actOf('Do that and it will be fine.'), 'advice');
  assert.equal(actOf("It might not be a bad idea to reconsider."), 'advice');
  assert.equal(actOf("I'm not going to tell you what you should do."), 'other');
  assert.equal(actOf("It's up to you, you don't have to decide today."), 'other');
  assert.equal(actOf('Is it okay if I share what other clients have done?'), 'permission');
  assert.equal(actOf('What would you like to do about it?'), 'open_question', 'not a permission question');
  assert.equal(actOf("If you'd like, I can share a few options."), 'permission');
  assert.equal(actOf("That's a great step you've taken."), 'affirmation');
});

it('cleans disfluencies and splits sentences', () => {
  assert.equal(clean('Mm-hmm, uh, what-what do you, you know, think?'), 'what do you, think?');
  assert.deepEqual(sentencesOf('Okay. So how is it going? Good.'), ['Okay.', 'So how is it going?', 'Good.']);
  assert.deepEqual(sentencesOf('[crosstalk] -'), []);
});
