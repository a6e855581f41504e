import type { FastifyInstance } from 'fastify';
import type { KindContext } from '../../http/context.ts';
import { sportsRoutes } from '../sports/routes.ts';

/** A running session and its export (reference 001). */
export const runningRoutes = (app: FastifyInstance, ctx: KindContext) => sportsRoutes(app, ctx, { kind: 'running', title: () => 'Running' });
