import type { Line } from './transcript.ts';
import { isQuestion, readTrainee, type Said } from './language.ts';

export interface ConversationMetrics {
  turns: number;
  user_turns: number;
  user_words: number;
  ai_words: number;
  /** Share of the words spoken by the trainee, 0–1. */
  talk_ratio: number;
  questions_asked: number;
  open_questions: number;
  closed_questions: number;
  /** The trainee's longest uninterrupted turn. */
  longest_monologue_seconds: number;
  longest_monologue_words: number;
  filler_words: number;
  words_per_minute: number | null;
}

export const words = (text: string) => text.match(/[\p{L}\p{N}']+/gu) ?? [];


const FILLERS = /\b(?:um+|uh+|uhm|erm|er|ah|hmm+|you know|i mean|kind of|sort of|basically|literally)\b/gi;
export const fillerCount = (text: string) => (text.match(FILLERS) ?? []).length;

/** A run of consecutive lines by one speaker (system lines ignored). */
export interface Turn { speaker: 'ai' | 'user'; lines: Line[]; start: number; end: number; words: number }

export function turnsOf(lines: Line[], durationSeconds: number | null): Turn[] {
  const spoken = lines.filter((l) => l.speaker !== 'system');
  const turns: Turn[] = [];
  for (const l of spoken) {
    const last = turns[turns.length - 1];
    if (last && last.speaker === l.speaker) { last.lines.push(l); last.words += words(l.text).length; continue; }
    turns.push({ speaker: l.speaker as 'ai' | 'user', lines: [l], start: l.seconds_from_start, end: l.seconds_from_start, words: words(l.text).length });
  }
  // A turn lasts until the next one starts (the last until the end of the conversation, when known).
  const endOfCall = durationSeconds ?? null;
  turns.forEach((t, i) => {
    const next = turns[i + 1]?.start;
    t.end = next ?? (endOfCall !== null && endOfCall > t.start ? endOfCall : t.start + (t.words / 150) * 60);
  });
  return turns;
}

/**
 * Exact conversation measures of the trainee's side. Questions are counted by form, as the grader
 * reads them (`said`, read once and shared): "Tell me about your week." asks, "So you feel stuck?"
 * restates, and a proposed next step is not a question.
 */
export function conversationMetrics(lines: Line[], durationSeconds: number | null, said: Said[] = readTrainee(lines)): ConversationMetrics {
  const turns = turnsOf(lines, durationSeconds);
  const user = turns.filter((t) => t.speaker === 'user');
  const userWords = user.reduce((s, t) => s + t.words, 0);
  const aiWords = turns.filter((t) => t.speaker === 'ai').reduce((s, t) => s + t.words, 0);
  const questions = said.flatMap((x) => x.acts.filter(isQuestion));
  const open = questions.filter((a) => a === 'open_question').length;
  const longest = user.reduce((best, t) => (t.end - t.start > best.end - best.start ? t : best), user[0]);
  const userSeconds = user.reduce((s, t) => s + (t.end - t.start), 0);
  return {
    turns: turns.length,
    user_turns: user.length,
    user_words: userWords,
    ai_words: aiWords,
    talk_ratio: userWords + aiWords ? round(userWords / (userWords + aiWords), 3) : 0,
    questions_asked: questions.length,
    open_questions: open,
    closed_questions: questions.length - open,
    longest_monologue_seconds: longest ? round(longest.end - longest.start, 1) : 0,
    longest_monologue_words: user.reduce((m, t) => Math.max(m, t.words), 0),
    filler_words: lines.filter((l) => l.speaker === 'user').reduce((s, l) => s + fillerCount(l.text), 0),
    words_per_minute: userSeconds > 0 ? round(userWords / (userSeconds / 60), 1) : null,
  };
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
