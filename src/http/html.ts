export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The public origin links are built on: the configured URL, else the request's own host. */
export const originOf = (publicUrl: string | null, request: { protocol: string; host: string }) =>
  publicUrl ?? `${request.protocol}://${request.host}`;
