import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import { sportsRoutes } from '../sports/routes.ts';

/** A jumping session and its export (reference 001). */
export const jumpingRoutes = (app: FastifyInstance, ctx: AppContext) => sportsRoutes(app, ctx, {
  kind: 'jumping',
  title: (options) => String(options.exercise),
});
