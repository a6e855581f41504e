import { defineKind } from '../kind.ts';
import { roleplayContract, type RoleplayOptions, type RoleplayResult } from './kind.ts';
import { roleplayRoutes } from './routes.ts';

/** Training conversations graded against a scenario's rubric (reference 004). */
export const roleplay = defineKind<RoleplayOptions, RoleplayResult>({ ...roleplayContract, routes: roleplayRoutes });
