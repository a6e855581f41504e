/** The plain-SQL surface both back-ends share, for migrations and the job queue. */
export interface SqlClient {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
}
