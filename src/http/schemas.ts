import { Type } from 'typebox';
import { nullable } from '../schemas.ts';

export const ErrorSchema = Type.Object({
  error: Type.Object({
    type: Type.String({ description: 'invalid_request_error, authentication_error, not_found, conflict, rate_limit_error, api_error' }),
    code: Type.String({ description: 'A stable, machine-readable reason, e.g. parameter_invalid, session_not_ready' }),
    message: Type.String({ description: 'What went wrong and what is allowed, for a person to read' }),
    param: Type.Optional(Type.String({ description: 'The field or parameter at fault' })),
    request_id: Type.String(),
  }),
}, { $id: 'Error', description: 'Every error answers with this body' });

export const Metadata = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 500 }), { maxProperties: 50 });


const Status = Type.Union([Type.Literal('open'), Type.Literal('processing'), Type.Literal('ready'), Type.Literal('failed')]);

export const SessionSchema = Type.Object({
  id: Type.String(),
  object: Type.Literal('session'),
  kind: Type.String(),
  status: Status,
  livemode: Type.Boolean(),
  user_id: nullable(Type.String()),
  external_id: nullable(Type.String()),
  metadata: Type.Record(Type.String(), Type.String()),
  options: Type.Record(Type.String(), Type.Unknown()),
  progress: nullable(Type.Number()),
  error: nullable(Type.Object({ code: Type.String(), message: Type.String() })),
  created_at: Type.String({ format: 'date-time' }),
  completed_at: nullable(Type.String({ format: 'date-time' })),
  video_url: nullable(Type.String()),
  analyzed_video_url: nullable(Type.String()),
});

export const InputSchema = Type.Object({
  object: Type.Literal('input'),
  name: Type.String(),
  content_type: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  keypoints_url: nullable(Type.String({ description: 'For a video input: its extracted keypoints, once analysed' })),
  created_at: Type.String({ format: 'date-time' }),
});

export const ResultSchema = Type.Object({
  object: Type.Literal('result'),
  session_id: Type.String(),
  status: Status,
  analyzer_version: nullable(Type.String()),
  data: Type.Unknown({ description: "The kind's own result (see GET /v1/kinds), null until ready" }),
});

export const WebhookEndpointSchema = Type.Object({
  id: Type.String(), object: Type.Literal('webhook_endpoint'), url: Type.String(), events: Type.Array(Type.String()),
  livemode: Type.Boolean(), created_at: Type.String({ format: 'date-time' }),
});

export const EventSchema = Type.Object({
  id: Type.String(), object: Type.Literal('event'), type: Type.String(), created: Type.Integer({ description: 'Unix seconds' }),
  livemode: Type.Boolean(), data: Type.Unknown(),
});

export const WebhookAttemptSchema = Type.Object({
  id: Type.String(), object: Type.Literal('webhook_attempt'), endpoint_id: Type.String(), event_id: Type.String(),
  attempt_number: Type.Integer(), status_code: nullable(Type.Integer()), error: nullable(Type.String()), duration_ms: nullable(Type.Number()),
  response_headers: Type.Record(Type.String(), Type.String()), attempted_at: Type.String({ format: 'date-time' }),
});

export const UserSchema = Type.Object({
  id: Type.String(), object: Type.Literal('user'), email: nullable(Type.String()), first_name: nullable(Type.String()), last_name: nullable(Type.String()),
});

