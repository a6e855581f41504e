import { Type } from 'typebox';

export const ErrorSchema = Type.Object({
  error: Type.Object({
    type: Type.String(), code: Type.String(), message: Type.String(),
    param: Type.Optional(Type.String()), request_id: Type.String(),
  }),
}, { $id: 'Error' });

export const Metadata = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 500 }), { maxProperties: 50 });

export const SessionSchema = Type.Object({
  id: Type.String(),
  object: Type.Literal('session'),
  kind: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('processing'), Type.Literal('ready'), Type.Literal('failed')]),
  livemode: Type.Boolean(),
  user_id: Type.Union([Type.String(), Type.Null()]),
  external_id: Type.Union([Type.String(), Type.Null()]),
  metadata: Type.Record(Type.String(), Type.String()),
  options: Type.Record(Type.String(), Type.Unknown()),
  progress: Type.Union([Type.Number(), Type.Null()]),
  error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
  completed_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  video_url: Type.Union([Type.String(), Type.Null()]),
  analyzed_video_url: Type.Union([Type.String(), Type.Null()]),
});

export const listOf = (item: ReturnType<typeof Type.Object>) =>
  Type.Object({ object: Type.Literal('list'), data: Type.Array(item), has_more: Type.Boolean() });

/** Error responses documented on every authenticated route. */
export const authErrors = {
  401: { description: 'Missing, malformed, unknown or revoked API key', ...ErrorSchema },
  404: { description: 'No such object in this workspace and mode', ...ErrorSchema },
};
