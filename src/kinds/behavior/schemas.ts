import { Type } from 'typebox';

/** Response schemas of the behaviour routes; the report's example is reference 003's own. */

export const BehaviorCheckSchema = Type.Object({
  object: Type.Literal('behavior_check'), id: Type.String(), name: Type.String(), weight: Type.Number(), description: Type.String(),
});

export const BehaviorReportSchema = Type.Object({
  session_id: Type.String({ description: "The capture script's id (rtSessionId), or the ses_ id" }),
  user_id: Type.Union([Type.String(), Type.Null()], { description: 'User identifier provided during script initialization (if any)' }),
  user_logs: Type.Array(Type.Object({ action: Type.String(), user_time: Type.String(), timestamp: Type.Number({ description: 'Unix milliseconds' }) }),
    { description: 'Chronological list of user actions recorded during the session' }),
  failed_checks: Type.Array(Type.Object({
    check: Type.String(), id: Type.String(), user_time: Type.String(), timestamp: Type.Number(),
    evidence: Type.Record(Type.String(), Type.Unknown(), { description: 'What the check measured' }),
  }), { description: 'List of behavioral anomalies detected during the session' }),
  session_replay: Type.Object({ url: Type.String({ description: 'The replay page (a capability URL that expires)' }), duration_seconds: Type.Number() }),
  risk_score: Type.Number({ minimum: 0, maximum: 100 }),
  recommended_action: Type.Union([Type.Literal('allow'), Type.Literal('review'), Type.Literal('block')]),
  active: Type.Boolean({ description: 'Events arrived in the last 30 minutes' }),
  event_count: Type.Integer(),
}, {
  examples: [{
    session_id: 'abc123def456', user_id: 'user-456',
    user_logs: [
      { action: 'Signed in', user_time: 'Mar 25, 2025 14:30:45', timestamp: 1743055845000 },
      { action: 'Navigated to /dashboard', user_time: 'Mar 25, 2025 14:30:50', timestamp: 1743055850000 },
    ],
    failed_checks: [{ check: 'Unnatural mouse movement', id: 'straight_line_paths', user_time: 'Mar 25, 2025 14:31:05', timestamp: 1743055865000, evidence: {} }],
    session_replay: { url: 'https://app.roundtable.ai/replay/abc123def456', duration_seconds: 142 },
    risk_score: 40, recommended_action: 'review', active: false, event_count: 311,
  }],
});

export const UserSessionsSchema = Type.Object({
  user_id: Type.String(),
  sessions: Type.Array(Type.Object({
    session_id: Type.String(), id: Type.String(), user_id: Type.Union([Type.String(), Type.Null()]), created_at: Type.String({ format: 'date-time' }),
    last_seen_at: Type.String({ format: 'date-time' }), active: Type.Boolean(), batches: Type.Integer(),
  })),
});
