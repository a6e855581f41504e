import type { AuthContext } from './auth.ts';

/** Which object a path parameter names, so the security test can aim at other workspaces' objects. */
export type ScopedResource = 'session' | 'webhook_endpoint' | 'event' | 'user' | 'scenario';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'secret' (default for /v1 routes), 'publishable' (capture endpoints), or 'none' (public). */
    auth?: 'secret' | 'publishable' | 'none';
    /** Path parameters that name a workspace's object. */
    scoped?: Record<string, ScopedResource>;
    /** A hint added to "Unknown field 'x'" on this route (e.g. a kind's option sent outside options). */
    unknownFieldHint?: (field: string) => string | undefined;
    /** The data directory's operator token (server-file.ts) is accepted besides a secret key. */
    operator?: boolean;
  }
  interface FastifyRequest {
    /** Authenticated with the operator token: no workspace of its own. */
    operator: boolean;
    auth: AuthContext | null;
    /** The Idempotency-Key this request holds while it runs, with the token that proves it (http/idempotency.ts). */
    idempotencyKey: { key: string; owner: string; answered: boolean } | null;
  }
}

/** The scope of an authenticated request (routes with auth always have one). */
export const scopeOf = (auth: AuthContext | null) => ({ workspaceId: auth!.workspaceId, livemode: auth!.livemode });
