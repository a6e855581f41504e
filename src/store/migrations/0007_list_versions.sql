ALTER TABLE "workspaces" ADD COLUMN "sessions_removed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "sessions_scope_kind_updated" ON "sessions" USING btree ("workspace_id","livemode","kind","updated_at");--> statement-breakpoint
CREATE INDEX "users_scope_updated" ON "users" USING btree ("workspace_id","livemode","updated_at");--> statement-breakpoint
-- The version of what a workspace's list of one kind shows (newest change, last removal, newest
-- change of a person). A function, so its three lookups keep their plans in the session instead of
-- being planned on every request.
CREATE FUNCTION debrief_list_version(ws text, live boolean, of_kind text) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE changed text; removed text; people text;
BEGIN
  SELECT max(updated_at)::text INTO changed FROM sessions WHERE workspace_id = ws AND livemode = live AND kind = of_kind;
  SELECT sessions_removed_at::text INTO removed FROM workspaces WHERE id = ws;
  SELECT max(updated_at)::text INTO people FROM users WHERE workspace_id = ws AND livemode = live;
  RETURN concat_ws('|', coalesce(changed, '-'), coalesce(removed, '-'), coalesce(people, '-'));
END $$;
