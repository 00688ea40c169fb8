-- Full-text search over scripts. The trigram tokenizer indexes every three-character run, so Chinese
-- text (which has no spaces between words) matches by substring; shorter queries fall back to LIKE.
-- The index holds no copy of the text (external content) and triggers keep it in step with `scripts`.
CREATE VIRTUAL TABLE `scripts_fts` USING fts5(title, content, keywords, content='scripts', content_rowid='id', tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `scripts_fts_after_insert` AFTER INSERT ON `scripts` BEGIN
  INSERT INTO `scripts_fts` (rowid, title, content, keywords) VALUES (new.id, new.title, new.content, new.keywords);
END;
--> statement-breakpoint
CREATE TRIGGER `scripts_fts_after_delete` AFTER DELETE ON `scripts` BEGIN
  INSERT INTO `scripts_fts` (`scripts_fts`, rowid, title, content, keywords) VALUES ('delete', old.id, old.title, old.content, old.keywords);
END;
--> statement-breakpoint
CREATE TRIGGER `scripts_fts_after_update` AFTER UPDATE OF title, content, keywords ON `scripts` BEGIN
  INSERT INTO `scripts_fts` (`scripts_fts`, rowid, title, content, keywords) VALUES ('delete', old.id, old.title, old.content, old.keywords);
  INSERT INTO `scripts_fts` (rowid, title, content, keywords) VALUES (new.id, new.title, new.content, new.keywords);
END;
