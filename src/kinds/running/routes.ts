import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import { sportsRoutes } from '../sports/routes.ts';

/** A running session and its export (reference 001). */
export const runningRoutes = (app: FastifyInstance, ctx: AppContext) => sportsRoutes(app, ctx, { kind: 'running', title: () => 'Running' });
