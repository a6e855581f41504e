import { Type } from 'typebox';
import { invalidRequest } from '../../errors.ts';
import { defineKind } from '../kind.ts';
import { analyzeBehavior } from './analyze.ts';
import { behaviorJobs } from './assess-job.ts';
import type { Batch } from './events.ts';
import { behaviorReportPage } from './report-page.ts';
import { behaviorRoutes } from './routes.ts';
import type { StoredReport } from './store.ts';
import { behaviorTasks } from './tasks.ts';

const createdByCapture = () => invalidRequest('kind_not_creatable',
  "Behaviour sessions are created by the capture script's first batch (<script src=\"…/capture.js\" data-key=\"pub_…\">), not with POST /v1/sessions.", 'kind');

/** Web visits recorded by the capture script, checked for bots and fraud (reference 003). */
export const behavior = defineKind<Record<string, never>, StoredReport, typeof behaviorTasks>({
  name: 'behavior',
  aliases: ['behaviour'],
  description: 'Web-visit behaviour from the capture script: user logs, bot and fraud checks, risk score, session replay (reference 003).',
  analyzerVersion: 'behavior-1',
  optionsSchema: Type.Object({}, { additionalProperties: false }),
  checkOptions() { throw createdByCapture(); },
  inputFor() { throw createdByCapture(); },
  requiredInputs() {
    throw invalidRequest('kind_not_completable', 'Behaviour sessions are analysed whenever their report is read (GET /v0.0/sessions/{id}/report): there is nothing to complete.');
  },
  // Never completed: its report is made from the stored batches when it is read (store.ts).
  analyze: (inputs) => ({ stamp: '', report: analyzeBehavior((inputs.batches ?? []) as Batch[], { timeZone: 'UTC' }) }),
  reportPage: behaviorReportPage,
  reportWhileOpen: true,
  events: ['behavior.flagged'],
  routes: behaviorRoutes,
  tasks: behaviorTasks,
  jobs: behaviorJobs,
});
