CREATE TABLE "session_files" (
	"session_id" text NOT NULL,
	"name" text NOT NULL,
	"blob_key" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_files_session_id_name_pk" PRIMARY KEY("session_id","name"),
	CONSTRAINT "session_files_token_unique" UNIQUE("token")
);
--> statement-breakpoint
ALTER TABLE "inputs" ADD COLUMN "keypoints_blob_key" text;--> statement-breakpoint
ALTER TABLE "inputs" ADD COLUMN "share_token" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "video_token" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "analyzed_video_token" text;--> statement-breakpoint
ALTER TABLE "session_files" ADD CONSTRAINT "session_files_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inputs" ADD CONSTRAINT "inputs_share_token_unique" UNIQUE("share_token");