import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context.ts';
import { behaviorRoutes } from '../kinds/behavior/routes.ts';
import { exerciseRoutes } from '../kinds/exercise/routes.ts';
import { jumpingRoutes } from '../kinds/jumping/routes.ts';
import { roleplayRoutes } from '../kinds/roleplay/routes.ts';
import { runningRoutes } from '../kinds/running/routes.ts';
import { weightliftingRoutes } from '../kinds/weightlifting/routes.ts';

/**
 * Each kind's documented retrieval routes (its folder's routes.ts), by kind name. Kept apart from
 * the kinds' analyses (kinds/registry.ts), which compute threads load without the HTTP server.
 */
export const KIND_ROUTES: Record<string, (app: FastifyInstance, ctx: AppContext) => void> = {
  exercise: exerciseRoutes,
  roleplay: roleplayRoutes,
  jumping: jumpingRoutes,
  running: runningRoutes,
  weightlifting: weightliftingRoutes,
  behavior: behaviorRoutes,
};
