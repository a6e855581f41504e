/** The two ways an analysis refuses its inputs, thrown by parsers and kinds, answered by the API and the jobs. */

/** An uploaded input that cannot be used: answered with a 400 naming the input. */
export class InputInvalid extends Error {
  constructor(message: string, readonly code = 'input_invalid') { super(message); }
}

/** An analysis that cannot produce a result from these inputs: the session fails with this code. */
export class AnalysisFailed extends Error {
  constructor(readonly code: string, message: string) { super(message); }
}
