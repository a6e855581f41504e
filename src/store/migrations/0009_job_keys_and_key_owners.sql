ALTER TABLE "idempotency_keys" ADD COLUMN "owner" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "key" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "rerun_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_live_key" ON "jobs" USING btree ("queue","key") WHERE status IN ('queued', 'active') AND key IS NOT NULL;