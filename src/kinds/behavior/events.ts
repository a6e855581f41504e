/**
 * What the capture script sends: batches of behaviour events (full resolution) and rrweb events
 * (for replay). Shared by the script (capture/capture.ts), the collect endpoint and the analysis.
 * Times are client milliseconds since the epoch. No typed text, key or clipboard content is ever
 * sent: keys only as a category, inputs and clipboards only as lengths.
 */

export type KeyCategory = 'char' | 'backspace' | 'delete' | 'enter' | 'tab' | 'nav' | 'mod' | 'other';

/** The element an event happened on: a label a person would recognise, never its value. */
export interface Target { tag: string; label?: string; role?: string; field?: string }

export type BehaviorEvent =
  | { t: number; k: 'move'; x: number; y: number; c: number }
  | { t: number; k: 'down' | 'up'; x: number; y: number }
  | { t: number; k: 'click'; x: number; y: number; box: [number, number, number, number]; el: Target }
  | { t: number; k: 'key'; d: 'down' | 'up'; cat: KeyCategory; f?: string }
  | { t: number; k: 'input'; f: string; n: number; it: string; pw?: 1 }
  | { t: number; k: 'paste' | 'copy' | 'cut'; f?: string; n: number }
  | { t: number; k: 'scroll'; y: number; vh: number }
  | { t: number; k: 'wheel' | 'touch' }
  | { t: number; k: 'focus' | 'blur'; f: string }
  | { t: number; k: 'visible' | 'hidden' }
  | { t: number; k: 'nav'; p: string }
  | { t: number; k: 'submit'; name: string }
  | { t: number; k: 'env'; webdriver: boolean; hints: string[] }
  | { t: number; k: 'identify'; u: string }
  | { t: number; k: 'track'; a: string; props?: Record<string, unknown> };

export interface Batch {
  /** The capture script's session id (sessionStorage rtSessionId). */
  session_id: string;
  /** 0, 1, 2… per session: a retried batch carries the same number and is stored once. */
  seq: number;
  user_id?: string;
  events: BehaviorEvent[];
  /** rrweb events for the replay, passed through as recorded. */
  replay?: unknown[];
}

export const EVENT_KINDS = new Set(['move', 'down', 'up', 'click', 'key', 'input', 'paste', 'copy', 'cut', 'scroll', 'wheel', 'touch',
  'focus', 'blur', 'visible', 'hidden', 'nav', 'submit', 'env', 'identify', 'track']);
