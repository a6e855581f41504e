import type { RouteHost } from '../../kinds/kind.ts';
import { Type } from 'typebox';
import type { AppContext } from '../context.ts';
import { scopeOf } from '../types.ts';
import { cachedListBody } from '../cached-list.ts';
import { recordAnswer } from '../idempotency.ts';
import { createReadCache } from '../read-cache.ts';
import { attemptView, endpointView, eventView } from '../../webhooks/service.ts';
import { invalidRequest } from '../../errors.ts';
import { EventSchema, WebhookAttemptSchema, WebhookEndpointSchema } from '../schemas.ts';
import { deletedOf, listOf } from '../../schemas.ts';

const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const CreateBody = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2048 }),
  events: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 20 }),
}, { additionalProperties: false });
const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
  starting_after: Type.Optional(Type.String({ maxLength: 64 })),
}, { additionalProperties: false });

export function webhookRoutes(app: RouteHost, ctx: AppContext) {
  const eventCache = createReadCache(5_000, 10 * 60_000);
  const { webhooks } = ctx;
  const endpoint = { id: 'webhook_endpoint' } as const;

  app.post('/v1/webhook_endpoints', {
    schema: {
      operationId: 'createWebhookEndpoint', summary: 'Create a webhook endpoint; the response holds its signing secret, shown only this once', tags: ['webhooks'], body: CreateBody,
      response: { 201: Type.Intersect([WebhookEndpointSchema, Type.Object({ secret: Type.String({ description: 'Signs each delivery (Debrief-Signature); shown only here' }) })]) },
    },
  }, async (request, reply) => reply.code(201).send(await webhooks.createEndpoint(scopeOf(request.auth), request.body, (tx, created) => recordAnswer(tx, request, 201, created))));

  app.get('/v1/webhook_endpoints', { schema: { operationId: 'listWebhookEndpoints', summary: 'List webhook endpoints', tags: ['webhooks'], response: { 200: listOf(WebhookEndpointSchema) } } }, async (request) => {
    const rows = await webhooks.listEndpoints(scopeOf(request.auth));
    return { object: 'list', data: rows.map(endpointView), has_more: false };
  });

  app.get('/v1/webhook_endpoints/:id', { schema: { operationId: 'getWebhookEndpoint', summary: 'Retrieve a webhook endpoint', tags: ['webhooks'], params: IdParams, response: { 200: WebhookEndpointSchema } }, config: { scoped: endpoint } },
    async (request) => endpointView(await webhooks.getEndpoint(scopeOf(request.auth), request.params.id)));

  const UpdateBody = Type.Object({ url: Type.Optional(CreateBody.properties.url), events: Type.Optional(CreateBody.properties.events) }, { additionalProperties: false });
  app.patch('/v1/webhook_endpoints/:id', {
    schema: { operationId: 'updateWebhookEndpoint', summary: "Change a webhook endpoint's URL or events (the secret stays)", tags: ['webhooks'], params: IdParams, body: UpdateBody, response: { 200: WebhookEndpointSchema } },
    config: { scoped: endpoint },
  }, async (request) => endpointView(await webhooks.updateEndpoint(scopeOf(request.auth), request.params.id, request.body ?? {})));

  app.post('/v1/webhook_endpoints/:id/test', {
    schema: { operationId: 'testWebhookEndpoint', summary: 'Send a signed webhook.test event to this endpoint (see its attempts for the answer)', tags: ['webhooks'], params: IdParams, response: { 202: EventSchema } },
    config: { scoped: endpoint },
  }, async (request, reply) => {
    const event = await webhooks.sendTest(scopeOf(request.auth), request.params.id);
    return reply.code(202).send(eventView(event));
  });

  app.post('/v1/events/:id/resend', {
    schema: {
      operationId: 'resendEvent', summary: 'Deliver an event again: to one endpoint, or to every endpoint subscribed to it', tags: ['webhooks'], params: IdParams,
      querystring: Type.Object({ endpoint_id: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false }),
      response: { 202: Type.Object({ object: Type.Literal('event_resend'), event_id: Type.String(), endpoint_ids: Type.Array(Type.String()) }) },
    },
    config: { scoped: { id: 'event' } },
  }, async (request, reply) => {
    const { event, endpoints } = await webhooks.resend(scopeOf(request.auth), request.params.id, request.query.endpoint_id);
    return reply.code(202).send({ object: 'event_resend', event_id: event.id, endpoint_ids: endpoints });
  });

  app.delete('/v1/webhook_endpoints/:id', { schema: { operationId: 'deleteWebhookEndpoint', summary: 'Delete a webhook endpoint', tags: ['webhooks'], params: IdParams, response: { 200: deletedOf('webhook_endpoint') } }, config: { scoped: endpoint } },
    async (request) => {
      const row = await webhooks.deleteEndpoint(scopeOf(request.auth), request.params.id);
      return { id: row.id, object: 'webhook_endpoint', deleted: true };
    });

  app.get('/v1/webhook_endpoints/:id/attempts', {
    schema: { operationId: 'listWebhookAttempts', summary: 'Delivery attempts to this endpoint, newest first', tags: ['webhooks'], params: IdParams, querystring: PageQuery, response: { 200: listOf(WebhookAttemptSchema) } },
    config: { scoped: endpoint },
  }, async (request) => {
    const q = request.query;
    let after: number | undefined;
    if (q.starting_after) {
      after = Number(q.starting_after.replace(/^wha_/, ''));
      if (!Number.isInteger(after)) throw invalidRequest('cursor_invalid', `No such attempt: '${q.starting_after}'`, 'starting_after');
    }
    const page = await webhooks.listAttempts(scopeOf(request.auth), request.params.id, q.limit ?? 10, after);
    return { object: 'list', data: page.data.map(attemptView), has_more: page.has_more };
  });

  app.get('/v1/events', { schema: { operationId: 'listEvents', summary: 'List events, newest first', tags: ['webhooks'], querystring: PageQuery, response: { 200: listOf(EventSchema) } } }, async (request, reply) => {
    const q = request.query;
    const scope = scopeOf(request.auth);
    const page = await webhooks.listEvents(scope, q.limit ?? 10, q.starting_after);
    // Events never change: each is serialised once and served from memory after.
    const body = await cachedListBody(eventCache, scope, page, {
      version: () => 0, versionOf: () => 0,
      fetch: (ids) => webhooks.eventsByIds(scope, ids),
      serialize: (row) => JSON.stringify(eventView(row)),
    });
    return reply.type('application/json; charset=utf-8').send(body);
  });

  app.get('/v1/events/:id', { schema: { operationId: 'getEvent', summary: 'Retrieve an event', tags: ['webhooks'], params: IdParams, response: { 200: EventSchema } }, config: { scoped: { id: 'event' } } },
    async (request) => eventView(await webhooks.getEvent(scopeOf(request.auth), request.params.id)));
}
