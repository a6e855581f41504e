import { escapeHtml } from '../../report/html.ts';
import { reportDocument, table, tiles } from '../../report/page.ts';
import type { PageSession } from '../context.ts';
import type { StoredReport } from './store.ts';

/**
 * A behaviour session's page for an analyst: the verdict, each failed check with its evidence, and
 * what the visitor did. It carries no replay link: a replay is a capability link of its own.
 */

const evidence = (e: Record<string, unknown>) => Object.entries(e).map(([k, v]) => `${escapeHtml(k.replace(/_/g, ' '))}: ${escapeHtml(typeof v === 'object' ? JSON.stringify(v) : String(v))}`).join('<br>');

/** The page of a session not assessed yet is given no result (null). */
export function behaviorReportPage(session: PageSession, stored: StoredReport | null): string {
  const report = stored?.report;
  const title = `Behaviour report: ${session.externalId ?? session.id}`;
  if (!report) return reportDocument(title, session, '<p>No batch of this session has been assessed yet. It is assessed a few seconds after its events arrive: reload in a moment.</p>');
  const verdict = report.recommended_action === 'allow' ? 'ok' : 'warn';
  const head = tiles([[String(report.risk_score), 'risk score of 100'], [report.recommended_action, 'recommended action'],
    [String(report.event_count), 'events'], [`${Math.round(report.duration_seconds)} s`, 'duration']]);
  const checks = report.failed_checks.length
    ? table(['check', 'when', 'evidence'], report.failed_checks.map((c) => [escapeHtml(c.check), escapeHtml(c.user_time), evidence(c.evidence)]))
    : '<p class="ok">No check failed.</p>';
  const logs = report.user_logs.length ? table(['when', 'action'], report.user_logs.map((l) => [escapeHtml(l.user_time), escapeHtml(l.action)])) : '<p>No action was recorded.</p>';
  return reportDocument(title, session, `${head}<p class="big ${verdict}">${report.recommended_action === 'allow' ? 'Nothing here looks automated.' : 'This visit looks automated or scripted.'}${report.user_id ? ` User: ${escapeHtml(report.user_id)}.` : ''}</p>
<h2>Failed checks</h2>${checks}<h2>What the visitor did</h2>${logs}
<p class="meta">As of the last assessment; GET /v0.0/sessions/${escapeHtml(session.externalId ?? session.id)}/report has the latest and a replay link.</p>`);
}
