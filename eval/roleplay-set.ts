// The roleplay evaluation set: transcripts written by the team for each built-in scenario, with the
// grade a careful human reviewer gives each rubric item. Lines are [speaker, seconds, text].
import type { Grade } from '../src/kinds/roleplay/grade.ts';
import type { Line } from '../src/kinds/roleplay/transcript.ts';

export interface Case { scenario: string; label: 'good' | 'mixed' | 'bad'; duration: number; lines: Line[]; expected: Record<string, Grade> }

const L = (rows: [Line['speaker'], number, string][]): Line[] => rows.map(([speaker, seconds_from_start, text]) => ({ speaker, seconds_from_start, text }));

export const CASES: Case[] = [
  {
    scenario: 'sales-discovery', label: 'good', duration: 140,
    lines: L([
      ['system', 0, 'Persona: Dana, procurement lead at Globex.'],
      ['ai', 0, "Hi, I'm Dana from procurement at Globex. Thanks for making time."],
      ['user', 5, 'Thanks for having me, Dana. How do you handle purchasing for the plants today?'],
      ['ai', 12, 'Mostly spreadsheets, and a lot of email back and forth with suppliers. Each plant manager sends requests and my team consolidates them every week, which takes most of Monday.'],
      ['user', 28, 'What goes wrong with that process when things get busy?'],
      ['ai', 33, 'Orders get lost, or duplicated. Last quarter we paid twice for the same bearings because two plants ordered them separately, and nobody noticed until the invoices came in.'],
      ['user', 50, 'What did that cost you, roughly?'],
      ['ai', 54, 'About forty thousand in duplicate orders, plus the time my team spent untangling it. It is frustrating because it keeps happening.'],
      ['user', 68, 'Tell me more about how your team untangles it.'],
      ['ai', 72, 'We go through every invoice by hand, call the supplier, and ask for credit notes. It can take a couple of weeks and it pulls people off sourcing work.'],
      ['user', 90, "How would fixing the duplicates change your team's year?"],
      ['ai', 95, 'If we stopped the duplicates and the Monday consolidation, we could spend that time negotiating better contracts, which is what leadership actually wants from us.'],
      ['user', 115, 'That makes sense. Could we book thirty minutes next week with you and one plant manager so I can show you how other manufacturers consolidate requests?'],
      ['ai', 130, 'Yes, Thursday afternoon works. Send me an invite.'],
    ]),
    expected: { 'Open questions': 'good', 'Uncovering pain': 'good', 'Listening balance': 'good', 'Clear speech': 'good', 'Next steps': 'good' },
  },
  {
    scenario: 'sales-discovery', label: 'mixed', duration: 80,
    lines: L([
      ['ai', 0, 'Hello, Dana here. What did you want to talk about?'],
      ['user', 5, 'Thanks, Dana. Do you use any software for purchasing today?'],
      ['ai', 10, 'Just spreadsheets and email. My team consolidates requests from the plants every Monday, and it eats most of the day.'],
      ['user', 22, 'Is that a problem for you? I can send you a brochure about it later.'],
      ['ai', 30, 'Sometimes. Orders get duplicated, and we have paid twice for the same parts more than once. It is annoying and it costs us.'],
      ['user', 45, 'How many people, um, work on the consolidation?'],
      ['ai', 50, 'Three people, most of Monday, sometimes Tuesday too when the plants send late requests.'],
      ['user', 62, 'Okay, you know, that is useful to hear.'],
      ['ai', 68, 'I need to go now.'],
      ['user', 74, 'Great, thanks.'],
    ]),
    expected: { 'Open questions': 'mid', 'Uncovering pain': 'mid', 'Listening balance': 'good', 'Clear speech': 'mid', 'Next steps': 'mid' },
  },
  {
    scenario: 'sales-discovery', label: 'bad', duration: 105,
    lines: L([
      ['ai', 0, "Hi, I'm Dana from procurement. Thanks for making time."],
      ['user', 4, 'Um, thanks. So, uh, basically our platform is the best procurement suite on the market, you know, it has dashboards, approvals, supplier portals, analytics, and, um, an AI assistant that basically does everything for you. We have hundreds of customers and, you know, they all love it, I mean really love it.'],
      ['ai', 40, 'Okay. We mostly use spreadsheets today.'],
      ['user', 45, 'Right, so, um, spreadsheets are basically outdated, you know. Our suite replaces them completely, and, uh, the dashboards are really, really nice. I mean, you can see everything in one place and, um, it is basically very easy.'],
      ['ai', 80, 'Does it integrate with our ERP?'],
      ['user', 84, 'Yes, um, it integrates with basically everything, you know.'],
      ['ai', 95, 'I see. Well, I have another meeting soon.'],
      ['user', 100, 'Sure, um, thanks, bye.'],
    ]),
    expected: { 'Open questions': 'bad', 'Uncovering pain': 'bad', 'Listening balance': 'bad', 'Clear speech': 'bad', 'Next steps': 'bad' },
  },
  {
    scenario: 'price-objection', label: 'good', duration: 100,
    lines: L([
      ['ai', 0, 'Thanks for the proposal. Honestly, the price is too high for us. It is almost double what we budgeted.'],
      ['user', 8, 'I understand, that is a fair concern. When you say double, what budget did you have in mind, and what were you comparing it to?'],
      ['ai', 20, 'We set aside about fifty thousand, based on what our current tool costs.'],
      ['user', 28, 'That makes sense. What does the current tool cost you in manual work each month?'],
      ['ai', 35, 'Probably two people spend a week a month on reconciliation.'],
      ['user', 42, 'So the real cost of doing nothing is two people for a week every month. Our customers usually save that time entirely, which means the platform pays for itself in about eight months, and the return after that is yours to keep.'],
      ['ai', 60, 'That is a fair point, but it is still expensive.'],
      ['user', 66, 'I hear you. Would it help if I put together a short business case with your numbers, showing the payback and the ROI over three years?'],
      ['ai', 80, 'Yes, that would help me take it to the CFO.'],
      ['user', 86, "Great. Let's schedule thirty minutes next week with you and the CFO to go through it."],
    ]),
    expected: { 'Acknowledge the concern': 'good', 'Clarify before answering': 'good', 'Reframe on value': 'good', 'No discount reflex': 'good', 'Next steps': 'good' },
  },
  {
    scenario: 'price-objection', label: 'mixed', duration: 60,
    lines: L([
      ['ai', 0, 'The price is too high for us.'],
      ['user', 5, 'I understand. Our platform has a lot of features that justify it.'],
      ['ai', 15, 'Features are nice, but the cost is the problem.'],
      ['user', 20, 'Is the problem the total or the monthly payment?'],
      ['ai', 28, 'The total.'],
      ['user', 32, 'Customers usually see a good return within a year.'],
      ['ai', 45, 'Maybe. Send me something in writing.'],
      ['user', 50, 'Will do. If it helps, we could look at a small discount later on.'],
      ['user', 55, "I'll send you the summary tomorrow."],
    ]),
    expected: { 'Acknowledge the concern': 'mid', 'Clarify before answering': 'mid', 'Reframe on value': 'mid', 'No discount reflex': 'mid', 'Next steps': 'good' },
  },
  {
    scenario: 'price-objection', label: 'bad', duration: 40,
    lines: L([
      ['ai', 0, 'Thanks for the proposal. Honestly, the price is too high for us.'],
      ['user', 6, 'Okay, we can do a discount. I can offer fifteen percent off if you sign this month.'],
      ['ai', 15, 'Fifteen percent still leaves it expensive.'],
      ['user', 20, 'Then twenty percent off, that is the best deal for you I can do.'],
      ['ai', 30, 'I will think about it.'],
      ['user', 35, 'Sure.'],
    ]),
    expected: { 'Acknowledge the concern': 'bad', 'Clarify before answering': 'bad', 'Reframe on value': 'bad', 'No discount reflex': 'bad', 'Next steps': 'bad' },
  },
  {
    scenario: 'coaching-conversation', label: 'good', duration: 95,
    lines: L([
      ['ai', 0, "I'm just swamped. Everything lands on my desk and I can't keep up."],
      ['user', 6, 'It sounds like a lot is landing on you at once. What is taking up most of your time right now?'],
      ['ai', 14, 'The client reports. Every week there are three of them and each one takes a day because the data is scattered across four systems and nobody owns the exports.'],
      ['user', 28, "So you're spending three days a week on reports. How does that affect the rest of your work?"],
      ['ai', 35, "I fall behind on everything else and then I stay late. I feel like I'm failing the team, even though I'm working more than ever."],
      ['user', 47, 'It sounds like you care a lot about doing this well. What would make the reports easier?'],
      ['ai', 55, 'If the data were in one place, maybe one day instead of three. I could ask Priya for help with the exports, she built the dashboard last year.'],
      ['user', 70, 'What would a first step with Priya look like?'],
      ['ai', 75, 'I could ask her tomorrow to set up a shared export for the three clients.'],
      ['user', 82, 'That is a good plan. Shall we check in on Friday to see how it went?'],
    ]),
    expected: { 'Open questions': 'good', 'Reflective listening': 'good', 'Listening balance': 'good', 'No lecturing': 'good', 'Agreeing a next step': 'good' },
  },
  {
    scenario: 'coaching-conversation', label: 'mixed', duration: 50,
    lines: L([
      ['ai', 0, "I'm just swamped. I can't keep up."],
      ['user', 4, "What's going on?"],
      ['ai', 8, 'Client reports take three days a week.'],
      ['user', 14, "Three days is a lot. You should probably ask for help with the data exports; that's what I would do."],
      ['ai', 25, "Maybe. I don't like asking."],
      ['user', 30, 'It sounds like asking for help feels uncomfortable. Is that right?'],
      ['ai', 38, 'Yes, a bit.'],
      ['user', 42, "Okay. Let's talk again sometime."],
    ]),
    expected: { 'Open questions': 'mid', 'Reflective listening': 'mid', 'Listening balance': 'mid', 'No lecturing': 'mid', 'Agreeing a next step': 'bad' },
  },
  {
    scenario: 'coaching-conversation', label: 'bad', duration: 70,
    lines: L([
      ['ai', 0, "I'm just swamped. Everything lands on my desk and I can't keep up."],
      ['user', 6, "Look, you need to prioritise better. You should block your calendar every morning and you must stop saying yes to everything. In my experience the people who struggle are the ones who don't plan their week, so you have to plan your week first thing, write a list, rank it, and then work through it without checking email. You should also delegate more, because that's what senior people do, and you need to learn that now rather than later. Honestly, it is not that hard if you are disciplined about it, and everyone else on the team manages it."],
      ['ai', 60, 'Okay.'],
      ['user', 62, 'Good. Do that and it will be fine.'],
    ]),
    expected: { 'Open questions': 'bad', 'Reflective listening': 'bad', 'Listening balance': 'bad', 'No lecturing': 'bad', 'Agreeing a next step': 'bad' },
  },
];
