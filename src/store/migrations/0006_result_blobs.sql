ALTER TABLE "results" ALTER COLUMN "data" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "blob_key" text;