ALTER TABLE "report_links" ADD COLUMN "purpose" text DEFAULT 'report' NOT NULL;
--> statement-breakpoint
-- Links made before this were one per session: a behaviour session's were its replay links.
UPDATE "report_links" SET "purpose" = 'replay' FROM "sessions" WHERE "sessions"."id" = "report_links"."session_id" AND "sessions"."kind" = 'behavior';
