import type { FastifyInstance } from 'fastify';
import type { KindContext } from '../../http/context.ts';
import { sportsRoutes } from '../sports/routes.ts';
import { liftTitle } from './kind.ts';
import { liftAnalysisRoutes } from './lift-analysis.ts';

/** A weightlifting session, its export and its lift analysis (reference 001). */
export function weightliftingRoutes(app: FastifyInstance, ctx: KindContext) {
  sportsRoutes(app, ctx, { kind: 'weightlifting', title: (options) => liftTitle(String(options.exercise_name)) });
  liftAnalysisRoutes(app, ctx);
}
