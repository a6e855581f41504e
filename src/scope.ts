/** Who is asking: a workspace in one mode. Every query is filtered by it. */
export interface Scope { workspaceId: string; livemode: boolean }
