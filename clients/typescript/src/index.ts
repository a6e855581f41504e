import createFetchClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './schema.d.ts';

export type { components, operations, paths };
export type DebriefError = components['schemas']['Error'];
export type DebriefClient = Client<paths>;

export interface ClientOptions {
  /** Where Debrief runs, e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  /** A secret key (dbf_test_…, dbf_live_…), or a publishable key for the capture endpoint. */
  apiKey: string;
  /** A fetch of your own (retries, proxies, tests). */
  fetch?: typeof fetch;
}

/**
 * A typed client for every route of the API: paths, parameters, bodies and responses are checked
 * by TypeScript against the description the server publishes at /openapi.json.
 *
 *   const debrief = createDebriefClient({ baseUrl: 'http://127.0.0.1:3000', apiKey: process.env.DEBRIEF_KEY! });
 *   const { data, error } = await debrief.POST('/v1/sessions', { body: { kind: 'exercise', options: { assessments: ['Squats'] } } });
 */
export function createDebriefClient(options: ClientOptions): DebriefClient {
  return createFetchClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { authorization: `Bearer ${options.apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
