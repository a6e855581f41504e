import { DebriefError } from '../errors.ts';
import { AnalysisFailed, InputInvalid } from '../analysis-errors.ts';

/** An error as it crosses from a compute thread: the domain errors keep their class, code and status. */
export type ThreadError =
  | { kind: 'input_invalid'; message: string; code: string }
  | { kind: 'analysis_failed'; message: string; code: string }
  | { kind: 'debrief'; message: string; code: string; status: number; type: DebriefError['type']; param?: string }
  | { kind: 'error'; message: string; stack?: string };

export function toThreadError(err: unknown): ThreadError {
  if (err instanceof InputInvalid) return { kind: 'input_invalid', message: err.message, code: err.code };
  if (err instanceof AnalysisFailed) return { kind: 'analysis_failed', message: err.message, code: err.code };
  if (err instanceof DebriefError) return { kind: 'debrief', message: err.message, code: err.code, status: err.status, type: err.type, param: err.param };
  const e = err instanceof Error ? err : new Error(String(err));
  return { kind: 'error', message: e.message, stack: e.stack };
}

export function fromThreadError(e: ThreadError): Error {
  switch (e.kind) {
    case 'input_invalid': return new InputInvalid(e.message, e.code);
    case 'analysis_failed': return new AnalysisFailed(e.code, e.message);
    case 'debrief': return new DebriefError(e.status, e.type, e.code, e.message, e.param);
    case 'error': {
      const err = new Error(e.message);
      if (e.stack) err.stack = e.stack;
      return err;
    }
  }
}
