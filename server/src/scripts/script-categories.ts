import { and, asc, eq, sql } from 'drizzle-orm'
import { SqliteError } from 'better-sqlite3'
import type { CreateScriptCategoryRequest, ScriptCategory, UpdateScriptCategoryRequest } from '@liuliang/shared'
import type { Db } from '../db'
import { scriptCategories, scripts } from '../db/schema'
import { badRequest, conflict, notFound } from '../errors'

/** Deep enough for 产品介绍 › 护肤 › 精华; deeper trees do not fit chips in a 360 px sidebar. */
const MAX_DEPTH = 3

type CategoryRow = typeof scriptCategories.$inferSelect

const toCategory = (row: CategoryRow): ScriptCategory => ({
  id: row.id,
  parentId: row.parentId,
  name: row.name,
  sortOrder: row.sortOrder,
})

const nameTaken = (name: string) => conflict('CATEGORY_EXISTS', `同一层级下已有名为「${name}」的分类`)
const isUniqueViolation = (error: unknown) => error instanceof SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE'

export function createScriptCategories(db: Db) {
  const find = (id: number) => db.select().from(scriptCategories).where(eq(scriptCategories.id, id)).get()

  /** The category's ancestors, itself first. */
  const lineage = (id: number): number[] =>
    db
      .all<{ id: number }>(
        sql`with recursive up(id, parent_id) as (
              select id, parent_id from script_categories where id = ${id}
              union all
              select c.id, c.parent_id from script_categories c join up on c.id = up.parent_id
            )
            select id from up`,
      )
      .map((row) => row.id)

  /** The depth of the subtree under a category, itself counted (a leaf is 1). */
  const subtreeHeight = (id: number): number =>
    db.get<{ height: number }>(
      sql`with recursive down(id, depth) as (
            select ${id}, 1
            union all
            select c.id, down.depth + 1 from script_categories c join down on c.parent_id = down.id
          )
          select max(depth) as height from down`,
    )?.height ?? 1

  const checkParent = (parentId: number, height: number, movingId?: number) => {
    const chain = lineage(parentId)
    if (chain.length === 0) throw badRequest('UNKNOWN_CATEGORY', '上级分类不存在')
    if (movingId !== undefined && chain.includes(movingId)) throw badRequest('CATEGORY_CYCLE', '不能把分类移到它自己或它的下级分类下')
    if (chain.length + height > MAX_DEPTH) throw badRequest('CATEGORY_TOO_DEEP', `分类最多 ${MAX_DEPTH} 级`)
  }

  return {
    exists: (id: number) => find(id) !== undefined,

    /** Parents before their children, each level in sort order, so a client can indent or nest as it reads. */
    list(): ScriptCategory[] {
      const rows = db.select().from(scriptCategories).orderBy(asc(scriptCategories.sortOrder), asc(scriptCategories.id)).all()
      const children = new Map<number | null, CategoryRow[]>()
      for (const row of rows) children.set(row.parentId, [...(children.get(row.parentId) ?? []), row])
      const ordered: ScriptCategory[] = []
      const visit = (parentId: number | null) => {
        for (const row of children.get(parentId) ?? []) {
          ordered.push(toCategory(row))
          visit(row.id)
        }
      }
      visit(null)
      return ordered
    },

    create(input: CreateScriptCategoryRequest): ScriptCategory {
      const name = input.name.trim()
      if (input.parentId) checkParent(input.parentId, 1)
      const row = db
        .insert(scriptCategories)
        .values({ name, parentId: input.parentId ?? null, sortOrder: input.sortOrder ?? 0 })
        .onConflictDoNothing()
        .returning()
        .get()
      if (!row) throw nameTaken(name)
      return toCategory(row)
    },

    update(id: number, change: UpdateScriptCategoryRequest): ScriptCategory {
      const existing = find(id)
      if (!existing) throw notFound('CATEGORY_NOT_FOUND', '没有找到这个分类')
      if (change.parentId) checkParent(change.parentId, subtreeHeight(id), id)
      const name = change.name?.trim()
      try {
        const row = db
          .update(scriptCategories)
          .set({ name, parentId: change.parentId, sortOrder: change.sortOrder })
          .where(eq(scriptCategories.id, id))
          .returning()
          .get() as CategoryRow
        return toCategory(row)
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken(name ?? existing.name)
        throw error
      }
    },

    /** Only an empty category goes: one still holding scripts or sub-categories is refused. */
    remove(id: number): void {
      const removed = db
        .delete(scriptCategories)
        .where(
          and(
            eq(scriptCategories.id, id),
            sql`not exists (select 1 from ${scripts} where ${scripts.categoryId} = ${id})`,
            sql`not exists (select 1 from script_categories c where c.parent_id = ${id})`,
          ),
        )
        .run()
      if (removed.changes > 0) return
      if (!find(id)) throw notFound('CATEGORY_NOT_FOUND', '没有找到这个分类')
      throw conflict('CATEGORY_NOT_EMPTY', '分类下还有话术或子分类，请先移走再删除')
    },
  }
}
