import type { FastifyInstance } from 'fastify';
import { invalidRequest } from '../errors.ts';
import { unstorableAt } from '../store/storable.ts';

/** A plain copy: the router and the query parser build their objects on their own prototypes. */
const copy = (v: unknown) => (v && typeof v === 'object' ? { ...v } : v);

/** Refuses, with a 400 naming the field, any request whose path, query or JSON body holds an unstorable string. */
export function installSanitizing(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const at = unstorableAt(copy(request.params), '') ?? unstorableAt(copy(request.query), '') ?? unstorableAt(request.body, '');
    if (at) throw invalidRequest('parameter_invalid', `'${at}' holds a NUL character or an unpaired UTF-16 surrogate, which cannot be stored.`, at);
  });
}
