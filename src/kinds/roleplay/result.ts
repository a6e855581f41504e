import type { GradeResult } from './grade.ts';
import type { Scenario } from './scenarios.ts';
import type { Line } from './transcript.ts';

/** The scenario as it was when the session was created. */
export interface ResolvedScenario { id: string; scenario: Scenario }

/** A graded roleplay session (reference 004). */
export interface RoleplayResult extends GradeResult {
  scenario: { id: string; name: string; slug: string };
  duration_seconds: number;
  is_valid_attempt: boolean;
  /** The conversation without its system lines, as reference 004 returns it. */
  transcript: Line[];
}
