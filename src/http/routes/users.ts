import type { RouteHost } from '../../kinds/kind.ts';
import { Type } from 'typebox';
import type { AppContext } from '../context.ts';
import { scopeOf } from '../types.ts';
import { userView } from '../../users/service.ts';
import { UserSchema } from '../schemas.ts';
import { notFound } from '../../errors.ts';

const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });
const Body = Type.Object({
  email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 320 }), Type.Null()])),
  first_name: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  last_name: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
}, { additionalProperties: false });

/** Create or update the person behind a user_id, so reports can show their name and email. */
export function userRoutes(app: RouteHost, ctx: AppContext) {
  app.put('/v1/users/:id', {
    schema: { operationId: 'putUser', summary: 'Create or update a user (keyed by your own user id)', tags: ['users'], params: Params, body: Body, response: { 200: UserSchema } },
  }, async (request) => userView(await ctx.users.upsert(scopeOf(request.auth), request.params.id, request.body)));

  // An erasure request: the person, every session of theirs with its inputs, results and files, and the events about them.
  app.delete('/v1/users/:id', {
    schema: {
      operationId: 'deleteUser', summary: 'Erase a user: their record, their sessions (inputs, results, files) and the events about them', tags: ['users'], params: Params,
      response: { 200: Type.Object({ id: Type.String(), object: Type.Literal('user'), deleted: Type.Literal(true), sessions_deleted: Type.Integer() }) },
    },
    config: { scoped: { id: 'user' } },
  }, async (request) => {
    const scope = scopeOf(request.auth), { id } = request.params;
    const sessionIds = await ctx.sessions.idsOfUser(scope, id);
    const hadRecord = await ctx.users.remove(scope, id);
    if (!hadRecord && !sessionIds.length) throw notFound('user', id);
    await ctx.webhooks.removeSessionEvents(scope, sessionIds);
    for (const sid of sessionIds) {
      await ctx.sessions.remove(scope, sid);
      ctx.sessionCache.delete(sid);
    }
    return { id, object: 'user', deleted: true, sessions_deleted: sessionIds.length };
  });

  app.get('/v1/users/:id', { schema: { operationId: 'getUser', summary: 'Retrieve a user', tags: ['users'], params: Params, response: { 200: UserSchema } }, config: { scoped: { id: 'user' } } },
    async (request) => userView(await ctx.users.get(scopeOf(request.auth), request.params.id)));
}
