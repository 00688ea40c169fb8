// Search conditions for the script library. FTS5's trigram tokenizer matches any substring of three or
// more characters, which suits Chinese (no spaces between words); one- and two-character words are
// matched with LIKE instead, which on a library of a few thousand scripts is still instant. PostgreSQL
// has no FTS5: there a word of three or more characters is a LIKE over the text its trigram index covers
// (scripts_search), and a shorter one, which has no trigram, is looked for in that text by position.
import { and, eq, isNull, lt, or, sql, type Placeholder, type SQL } from 'drizzle-orm'
import type { ScriptSearchQuery } from '@liuliang/shared'
import { containingPattern, likePattern } from '../db/like'
import { MAX_ID } from '../db/paging'
import { scripts } from '../db/schema'
import { processDatabaseEngine } from '../env'
import { badRequest } from '../errors'

const TRIGRAM = 3
/** Chosen when the modules load, as the tables' dialect is (db/schema). */
const ON_POSTGRES = processDatabaseEngine() === 'postgres'

/** An FTS5 phrase: the words as written, double quotes doubled. */
const phrase = (word: string) => `"${word.replaceAll('"', '""')}"`

/**
 * A search as a statement takes it: `shape` names which conditions it has, `where` holds them with
 * placeholders only, `values` fills them. Searches of one shape share one statement, built once.
 */
export interface ScriptSearch {
  shape: string
  where: SQL | undefined
  values: Record<string, unknown>
}

/** The brand's scripts, plus the viewing guide's own. */
export function visibleTo(staffId: number | Placeholder | null): SQL | undefined {
  return staffId === null ? isNull(scripts.ownerStaffId) : or(isNull(scripts.ownerStaffId), eq(scripts.ownerStaffId, staffId))
}

/** Most used first; a cursor is `<usageCount>.<id>` of the previous page's last script. */
function cursorPosition(cursor: string): { usage: number; id: number } {
  const match = /^(\d{1,12})\.(\d{1,15})$/.exec(cursor)
  if (!match) throw badRequest('INVALID_CURSOR', '分页参数不正确，请从第一页重新加载')
  // Beyond what a column holds, a number compares like the largest it does (PostgreSQL refuses larger ones).
  return { usage: Math.min(Number(match[1]), MAX_ID), id: Math.min(Number(match[2]), MAX_ID) }
}

/** A word with no letter that has case (Chinese, digits) is found in the text as written. */
const caseless = (word: string) => word.toLowerCase() === word && word.toUpperCase() === word

/** The text PostgreSQL's trigram index covers, spelled as the index's expression. */
const searchText = sql`(${scripts.title} || ' ' || ${scripts.content} || ' ' || ${scripts.keywords}::text)`

/**
 * Every word must appear in the title, the content or the keywords. On SQLite, words of three or more
 * characters are one FTS5 match; shorter ones each a LIKE on the three columns. On PostgreSQL, a longer
 * word is a LIKE the trigram index answers. A shorter one has no trigram: as a LIKE it would cost a
 * statement whose plan PostgreSQL keeps for every word (a generic plan) a walk of the whole index and a
 * recheck of every script, so it is found by its position, scripts walked most used first until the page
 * is full. Only a search with a word that has case lowers the text (as ILIKE does): lowering each script
 * read is most of a search's cost.
 */
function wordConditions(q: string | undefined, values: Record<string, unknown>): { shape: string; conditions: SQL[] } {
  const words = (q ?? '').trim().split(/\s+/).filter(Boolean)
  const long = words.filter((word) => [...word].length >= TRIGRAM)
  const short = words.filter((word) => [...word].length < TRIGRAM)
  const bind = (found: string[], name: string, value: (word: string) => string) =>
    found.map((word, index) => {
      values[`${name}${index}`] = value(word)
      return sql.placeholder(`${name}${index}`)
    })
  if (ON_POSTGRES) {
    const cased = !words.every(caseless)
    const text = cased ? sql`lower(${searchText})` : searchText
    const conditions = [
      ...bind(long, 'like', containingPattern).map((pattern) => sql`${searchText} ${cased ? sql`ilike` : sql`like`} ${pattern}`),
      ...bind(short, 'word', (word) => word).map((word) => sql`strpos(${text}, ${cased ? sql`lower(${word})` : word}) > 0`),
    ]
    return { shape: `${cased ? 'i' : 'c'}${long.length}.${short.length}`, conditions }
  }
  const conditions: SQL[] = []
  if (long.length > 0) {
    values.match = long.map(phrase).join(' AND ')
    conditions.push(sql`${scripts.id} in (select rowid from scripts_fts where scripts_fts match ${sql.placeholder('match')})`)
  }
  for (const pattern of bind(short, 'like', containingPattern)) {
    conditions.push(or(likePattern(scripts.title, pattern), likePattern(scripts.content, pattern), likePattern(scripts.keywords, pattern)) as SQL)
  }
  return { shape: `f${long.length > 0 ? 1 : 0}s${short.length}`, conditions }
}

/** Scripts `owner` may see (null: the brand's library only) that match the query's words, category, type and cursor. */
export function scriptSearch(owner: number | null, query: ScriptSearchQuery): ScriptSearch {
  const values: Record<string, unknown> = {}
  const words = wordConditions(query.q, values)
  const conditions = [visibleTo(owner === null ? null : sql.placeholder('owner')), ...words.conditions]
  if (owner !== null) values.owner = owner
  if (query.categoryId) {
    values.category = query.categoryId
    // The category and every category under it.
    conditions.push(sql`${scripts.categoryId} in (
      with recursive tree(id) as (
        select cast(${sql.placeholder('category')} as integer)
        union all
        select c.id from script_categories c join tree on c.parent_id = tree.id
      )
      select id from tree
    )`)
  }
  if (query.type) {
    values.type = query.type
    conditions.push(eq(scripts.type, sql.placeholder('type')))
  }
  if (query.cursor !== undefined) {
    Object.assign(values, cursorPosition(query.cursor))
    const usage = sql.placeholder('usage')
    conditions.push(or(lt(scripts.usageCount, usage), and(eq(scripts.usageCount, usage), lt(scripts.id, sql.placeholder('id')))) as SQL)
  }
  const shape = [owner === null ? 'library' : 'guide', words.shape, query.categoryId ? 'c' : '', query.type ? 't' : '', query.cursor === undefined ? '' : 'after'].join(':')
  return { shape, where: and(...conditions), values }
}
