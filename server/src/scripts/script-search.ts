// Search conditions for the script library. FTS5's trigram tokenizer matches any substring of three or
// more characters, which suits Chinese (no spaces between words); one- and two-character words are
// matched with LIKE instead, which on a library of a few thousand scripts is still instant. PostgreSQL
// has no FTS5: there every word is an ILIKE over the text its trigram index covers (scripts_search).
import { and, eq, isNull, lt, or, sql, type SQL } from 'drizzle-orm'
import { containsText } from '../db/like'
import { MAX_ID } from '../db/paging'
import { scripts } from '../db/schema'
import { processDatabaseEngine } from '../env'
import { badRequest } from '../errors'

const TRIGRAM = 3
/** Chosen when the modules load, as the tables' dialect is (db/schema). */
const ON_POSTGRES = processDatabaseEngine() === 'postgres'

/** An FTS5 phrase: the words as written, double quotes doubled. */
const phrase = (word: string) => `"${word.replaceAll('"', '""')}"`

/** `word` appears in the title, the content or the keywords, spelled as the trigram index's expression. */
function searchTextContains(word: string): SQL {
  const pattern = `%${word.replace(/[%_\\]/g, '\\$&')}%`
  return sql`(${scripts.title} || ' ' || ${scripts.content} || ' ' || ${scripts.keywords}::text) ilike ${pattern}`
}

/** Every word must appear in the title, the content or the keywords. */
export function matchesWords(q: string): SQL | undefined {
  const words = q.trim().split(/\s+/).filter(Boolean)
  if (ON_POSTGRES) return words.length > 0 ? and(...words.map(searchTextContains)) : undefined
  const long = words.filter((word) => [...word].length >= TRIGRAM)
  const short = words.filter((word) => [...word].length < TRIGRAM)
  const conditions: SQL[] = []
  if (long.length > 0) {
    const match = long.map(phrase).join(' AND ')
    conditions.push(sql`${scripts.id} in (select rowid from scripts_fts where scripts_fts match ${match})`)
  }
  for (const word of short) {
    conditions.push(
      or(containsText(scripts.title, word), containsText(scripts.content, word), containsText(scripts.keywords, word)) as SQL,
    )
  }
  return conditions.length > 0 ? and(...conditions) : undefined
}

/** The category and every category under it. */
export function inCategoryTree(categoryId: number): SQL {
  return sql`${scripts.categoryId} in (
    with recursive tree(id) as (
      select cast(${categoryId} as integer)
      union all
      select c.id from script_categories c join tree on c.parent_id = tree.id
    )
    select id from tree
  )`
}

/** The brand's scripts, plus the viewing guide's own. */
export function visibleTo(staffId: number | null): SQL | undefined {
  return staffId === null ? isNull(scripts.ownerStaffId) : or(isNull(scripts.ownerStaffId), eq(scripts.ownerStaffId, staffId))
}

/** Most used first; a cursor is `<usageCount>.<id>` of the previous page's last script. */
export function afterCursor(cursor: string | undefined): SQL | undefined {
  if (cursor === undefined) return undefined
  const match = /^(\d{1,12})\.(\d{1,15})$/.exec(cursor)
  if (!match) throw badRequest('INVALID_CURSOR', '分页参数不正确，请从第一页重新加载')
  // Beyond what a column holds, a number compares like the largest it does (PostgreSQL refuses larger ones).
  const usage = Math.min(Number(match[1]), MAX_ID)
  const id = Math.min(Number(match[2]), MAX_ID)
  return or(lt(scripts.usageCount, usage), and(eq(scripts.usageCount, usage), lt(scripts.id, id)))
}
