import type { SessionKind } from './kind.ts';
import { exercise } from './exercise/index.ts';
import { roleplay } from './roleplay/index.ts';
import { jumping } from './jumping/index.ts';
import { running } from './running/index.ts';
import { weightlifting } from './weightlifting/index.ts';
import { behavior } from './behavior/index.ts';

/**
 * Every session kind Debrief serves, by name: the one place a kind is named outside its folder.
 * The registry, the routes, the compute tasks, the job queues, the event types and the CLI are
 * all derived from it (docs/adding-a-kind.md).
 */
export const KINDS_BY_NAME = { exercise, roleplay, jumping, running, weightlifting, behavior } satisfies Record<string, SessionKind>;

export type KindName = keyof typeof KINDS_BY_NAME;

export const KINDS: SessionKind[] = Object.values(KINDS_BY_NAME);
