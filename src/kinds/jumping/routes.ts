import type { FastifyInstance } from 'fastify';
import type { KindContext } from '../../http/context.ts';
import { sportsRoutes } from '../sports/routes.ts';

/** A jumping session and its export (reference 001). */
export const jumpingRoutes = (app: FastifyInstance, ctx: KindContext) => sportsRoutes(app, ctx, {
  kind: 'jumping',
  title: (options) => String(options.exercise),
});
