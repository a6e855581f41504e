import type { RouteHost } from '../../kinds/kind.ts';
import client from 'prom-client';
import type { AppContext } from '../context.ts';
import { pendingMigrations } from '../../store/migrate.ts';

/** Liveness, readiness and Prometheus metrics: public, no key. */
export function healthRoutes(app: RouteHost, ctx: AppContext, registry: client.Registry) {
  // Counted from the queue table at each scrape, so every process reports the shared queue.
  new client.Gauge({
    name: 'debrief_jobs', help: 'Jobs in the queue by queue and status', labelNames: ['queue', 'status'], registers: [registry],
    async collect() {
      this.reset();
      for (const c of await ctx.queue.counts()) this.set({ queue: c.queue, status: c.status }, c.count);
    },
  });

  app.get('/healthz', { config: { auth: 'none' }, schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { auth: 'none' }, schema: { hide: true } }, async (_request, reply) => {
    try {
      const pending = await pendingMigrations(ctx.database.sql);
      if (pending.length) return reply.code(503).send({ status: 'migrating', pending });
      return { status: 'ready', database: ctx.database.backend };
    } catch {
      return reply.code(503).send({ status: 'unavailable', reason: 'database unreachable' });
    }
  });

  app.get('/metrics', { config: { auth: 'none' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()));
}
