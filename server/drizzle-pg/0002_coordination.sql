CREATE TABLE "access_tokens" (
	"credential" text PRIMARY KEY NOT NULL,
	"token" text,
	"expires_at" bigint,
	"refreshing_until" bigint
);
--> statement-breakpoint
CREATE TABLE "rate_limit_windows" (
	"key" text PRIMARY KEY NOT NULL,
	"hits" integer NOT NULL,
	"ends_at" bigint NOT NULL
);
