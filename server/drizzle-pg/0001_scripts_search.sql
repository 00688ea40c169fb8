-- Substring search over scripts, PostgreSQL's counterpart of SQLite's scripts_fts (0004_scripts_fts.sql):
-- a GIN trigram index serves `ILIKE '%…%'` over the same text, so Chinese text (which has no spaces
-- between words) matches by substring. It indexes the expression itself, so no triggers are needed;
-- a query uses it only when it spells the expression exactly as below.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX "scripts_search_trgm" ON "scripts" USING gin (("title" || ' ' || "content" || ' ' || "keywords"::text) gin_trgm_ops);
