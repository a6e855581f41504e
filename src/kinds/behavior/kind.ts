import { Type } from 'typebox';
import { invalidRequest } from '../../errors.ts';
import { defineKind } from '../kind.ts';
import { analyzeBehavior, type BehaviorReport } from './analyze.ts';
import type { Batch } from './events.ts';
import { behaviorReportPage } from './report-page.ts';

const createdByCapture = () => invalidRequest('kind_not_creatable',
  "Behaviour sessions are created by the capture script's first batch (<script src=\"…/capture.js\" data-key=\"pub_…\">), not with POST /v1/sessions.", 'kind');

export const behaviorKind = defineKind<Record<string, never>, BehaviorReport>({
  name: 'behavior',
  description: 'Web-visit behaviour from the capture script: user logs, bot and fraud checks, risk score, session replay (reference 003).',
  analyzerVersion: 'behavior-1',
  optionsSchema: Type.Object({}, { additionalProperties: false }),
  checkOptions() { throw createdByCapture(); },
  inputFor() { throw createdByCapture(); },
  requiredInputs() {
    throw invalidRequest('kind_not_completable', 'Behaviour sessions are analysed whenever their report is read (GET /v0.0/sessions/{id}/report): there is nothing to complete.');
  },
  analyze: (inputs) => analyzeBehavior((inputs.batches ?? []) as Batch[], { timeZone: 'UTC' }),
  reportPage: behaviorReportPage,
  reportWhileOpen: true,
});
