import { and, asc, eq, sql } from 'drizzle-orm'
import type { CreateScriptCategoryRequest, ScriptCategory, UpdateScriptCategoryRequest } from '@liuliang/shared'
import { first, isUniqueViolation, rowsChanged, selectRows, type Db, type DbOrTx } from '../db'
import { scriptCategories, scripts } from '../db/schema'
import { badRequest, conflict, notFound } from '../errors'
import { addToGroup } from '../grouping'

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

export function createScriptCategories(db: Db) {
  const find = (tx: DbOrTx, id: number) => first(tx.select().from(scriptCategories).where(eq(scriptCategories.id, id)))

  // Recursive queries: the query builder has no `with recursive`, so these two are raw SQL.

  /** The category's ancestors, itself first. */
  const lineage = async (tx: DbOrTx, id: number): Promise<number[]> =>
    (
      await selectRows<{ id: number }>(
        tx,
        sql`with recursive up(id, parent_id) as (
              select id, parent_id from script_categories where id = ${id}
              union all
              select c.id, c.parent_id from script_categories c join up on c.id = up.parent_id
            )
            select id from up`,
      )
    ).map((row) => row.id)

  /** The depth of the subtree under a category, itself counted (a leaf is 1). */
  const subtreeHeight = async (tx: DbOrTx, id: number): Promise<number> => {
    const [row] = await selectRows<{ height: number | null }>(
      tx,
      sql`with recursive down(id, depth) as (
            select cast(${id} as integer), 1
            union all
            select c.id, down.depth + 1 from script_categories c join down on c.parent_id = down.id
          )
          select max(depth) as height from down`,
    )
    return row?.height ?? 1
  }

  const checkParent = async (tx: DbOrTx, parentId: number, height: number, movingId?: number) => {
    const chain = await lineage(tx, parentId)
    if (chain.length === 0) throw badRequest('UNKNOWN_CATEGORY', '上级分类不存在')
    if (movingId !== undefined && chain.includes(movingId)) throw badRequest('CATEGORY_CYCLE', '不能把分类移到它自己或它的下级分类下')
    if (chain.length + height > MAX_DEPTH) throw badRequest('CATEGORY_TOO_DEEP', `分类最多 ${MAX_DEPTH} 级`)
  }

  return {
    exists: async (id: number, tx: DbOrTx = db) => (await find(tx, id)) !== undefined,

    /** Parents before their children, each level in sort order, so a client can indent or nest as it reads. */
    async list(): Promise<ScriptCategory[]> {
      const rows = await db.select().from(scriptCategories).orderBy(asc(scriptCategories.sortOrder), asc(scriptCategories.id))
      const children = new Map<number | null, CategoryRow[]>()
      for (const row of rows) addToGroup(children, row.parentId, row)
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

    async create(input: CreateScriptCategoryRequest): Promise<ScriptCategory> {
      const name = input.name.trim()
      return db.transaction(async (tx) => {
        if (input.parentId) await checkParent(tx, input.parentId, 1)
        const [row] = await tx
          .insert(scriptCategories)
          .values({ name, parentId: input.parentId ?? null, sortOrder: input.sortOrder ?? 0 })
          .onConflictDoNothing()
          .returning()
        if (!row) throw nameTaken(name)
        return toCategory(row)
      })
    },

    async update(id: number, change: UpdateScriptCategoryRequest): Promise<ScriptCategory> {
      return db.transaction(async (tx) => {
        const existing = await find(tx, id)
        if (!existing) throw notFound('CATEGORY_NOT_FOUND', '没有找到这个分类')
        if (change.parentId) await checkParent(tx, change.parentId, await subtreeHeight(tx, id), id)
        const name = change.name?.trim()
        try {
          const [row] = await tx
            .update(scriptCategories)
            .set({ name, parentId: change.parentId, sortOrder: change.sortOrder })
            .where(eq(scriptCategories.id, id))
            .returning()
          return toCategory(row as CategoryRow)
        } catch (error) {
          if (isUniqueViolation(error)) throw nameTaken(name ?? existing.name)
          throw error
        }
      })
    },

    /** Only an empty category goes: one still holding scripts or sub-categories is refused. */
    async remove(id: number): Promise<void> {
      await db.transaction(async (tx) => {
        const removed = await tx
          .delete(scriptCategories)
          .where(
            and(
              eq(scriptCategories.id, id),
              sql`not exists (select 1 from ${scripts} where ${scripts.categoryId} = ${id})`,
              sql`not exists (select 1 from script_categories c where c.parent_id = ${id})`,
            ),
          )
        if (rowsChanged(removed) > 0) return
        if (!(await find(tx, id))) throw notFound('CATEGORY_NOT_FOUND', '没有找到这个分类')
        throw conflict('CATEGORY_NOT_EMPTY', '分类下还有话术或子分类，请先移走再删除')
      })
    },
  }
}
