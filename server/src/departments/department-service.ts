// WeCom's department tree and who sits in and leads each department, mirrored from the member directory:
// department/list for the tree, user/list_id for the memberships, department_leader for the leaders. Store
// managers' scopes and department leaders' teams are read from here.
import { and, count, eq, inArray, notInArray } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { DepartmentTree, DirectorySyncResult } from '@liuliang/shared'
import type { DepartmentMembership, WecomClient, WecomDepartment } from '../clients/wecom-client'
import type { DbOrTx, Tx } from '../db'
import { departments, staff, staffDepartments } from '../db/schema'
import { runPeriodically } from '../scheduler/periodic'
import { serviceDeps, type ServiceDeps } from '../services'

/** user/list_id's largest page. */
const LIST_ID_LIMIT = 10_000
/** Rows or ids per statement, well under SQLite's bound-parameter limit. */
const CHUNK = 500

export interface DepartmentDeps extends ServiceDeps {
  wecom: WecomClient
  /** user/list_id's page size (tests page with less) */
  listIdLimit?: number
}

type DepartmentRow = typeof departments.$inferSelect

/** Each department followed by its sub-departments, siblings by WeCom's order (larger first), with depth. */
function depthFirst(rows: DepartmentRow[]): { row: DepartmentRow; depth: number }[] {
  const ids = new Set(rows.map((row) => row.id))
  // A department whose parent the tree does not hold is shown as a root rather than lost.
  const children = new Map<number | null, DepartmentRow[]>()
  for (const row of rows) {
    const parentId = row.parentId !== null && ids.has(row.parentId) ? row.parentId : null
    const siblings = children.get(parentId)
    if (siblings) siblings.push(row)
    else children.set(parentId, [row])
  }
  const walk = (parentId: number | null, depth: number): { row: DepartmentRow; depth: number }[] =>
    (children.get(parentId) ?? [])
      .sort((a, b) => b.sortOrder - a.sortOrder || a.id - b.id)
      .flatMap((row) => [{ row, depth }, ...walk(row.id, depth + 1)])
  return walk(null, 0)
}

export function createDepartmentService({ db, wecom, log, listIdLimit = LIST_ID_LIMIT }: DepartmentDeps) {
  async function listMemberships(): Promise<DepartmentMembership[]> {
    const rows: DepartmentMembership[] = []
    let cursor: string | undefined
    do {
      const page = await wecom.listMemberIds({ cursor, limit: listIdLimit })
      rows.push(...page.dept_user)
      cursor = page.next_cursor || undefined
    } while (cursor)
    return rows
  }

  async function storeTree(tx: Tx, tree: WecomDepartment[]): Promise<number> {
    for (const department of tree) {
      const fields = { name: department.name, parentId: department.parentid || null, sortOrder: department.order ?? 0 }
      await tx.insert(departments).values({ id: department.id, ...fields }).onConflictDoUpdate({ target: departments.id, set: fields })
    }
    const gone = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(notInArray(departments.id, tree.map((department) => department.id)))
    const goneIds = gone.map((row) => row.id)
    if (goneIds.length > 0) {
      await tx.delete(staffDepartments).where(inArray(staffDepartments.departmentId, goneIds))
      await tx.delete(departments).where(inArray(departments.id, goneIds))
    }
    return goneIds.length
  }

  /** Every department id in `ids` and under them, by the stored tree (ids the tree lacks count as themselves). */
  async function subtreeIds(handle: DbOrTx, ids: number[]): Promise<number[]> {
    const rows = await handle.select({ id: departments.id, parentId: departments.parentId }).from(departments)
    const found = new Set(ids)
    for (let grew = true; grew; ) {
      grew = false
      for (const row of rows) {
        if (row.parentId !== null && found.has(row.parentId) && !found.has(row.id)) {
          found.add(row.id)
          grew = true
        }
      }
    }
    return [...found]
  }

  /** These departments and every department above them, by the stored tree. */
  async function withAncestors(ids: number[], handle: DbOrTx = db): Promise<number[]> {
    if (ids.length === 0) return []
    const parentOf = new Map((await handle.select({ id: departments.id, parentId: departments.parentId }).from(departments)).map((row) => [row.id, row.parentId]))
    const found = new Set<number>()
    for (const id of ids) {
      // Up to the root, or to a department the tree does not hold; one already seen was walked from already.
      for (let next: number | null | undefined = id; typeof next === 'number' && !found.has(next); next = parentOf.get(next)) found.add(next)
    }
    return [...found]
  }

  async function staffIdsInDepartments(departmentIds: number[], handle: DbOrTx = db): Promise<number[]> {
    if (departmentIds.length === 0) return []
    const all = await subtreeIds(handle, departmentIds)
    const rows = await handle
      .selectDistinct({ staffId: staffDepartments.staffId })
      .from(staffDepartments)
      .where(inArray(staffDepartments.departmentId, all))
    return rows.map((row) => row.staffId).sort((a, b) => a - b)
  }

  return {
    /**
     * Reads the tree and every membership from WeCom, then stores them in one unit: departments WeCom no
     * longer lists are removed, and each known staff member's departments become what WeCom says (none when it
     * lists them nowhere). Members we have not met yet are left for ensureStaff.
     */
    async syncDirectory(): Promise<DirectorySyncResult> {
      // WeCom is asked first: its calls stay outside the unit of work.
      const tree = await wecom.listDepartments()
      const listed = await listMemberships()
      const leaderPairs = new Set(tree.flatMap((department) => (department.department_leader ?? []).map((userId) => `${userId}:${department.id}`)))
      return db.transaction(async (tx) => {
        const removed = await storeTree(tx, tree)
        const known = await tx.select({ id: staff.id, userId: staff.userId }).from(staff)
        const staffIdOf = new Map(known.map((row) => [row.userId, row.id]))
        const departmentIds = new Set(tree.map((department) => department.id))
        const rows = new Map<string, { staffId: number; departmentId: number; isLeader: boolean }>()
        for (const { userid, department } of listed) {
          const staffId = staffIdOf.get(userid)
          if (staffId === undefined || !departmentIds.has(department)) continue
          rows.set(`${staffId}:${department}`, { staffId, departmentId: department, isLeader: leaderPairs.has(`${userid}:${department}`) })
        }
        // Only the staff read above are replaced: one met meanwhile keeps what ensureStaff stored.
        const knownIds = known.map((row) => row.id)
        for (let start = 0; start < knownIds.length; start += CHUNK) {
          await tx.delete(staffDepartments).where(inArray(staffDepartments.staffId, knownIds.slice(start, start + CHUNK)))
        }
        const values = [...rows.values()]
        for (let start = 0; start < values.length; start += CHUNK) {
          await tx.insert(staffDepartments).values(values.slice(start, start + CHUNK))
        }
        log.info({ departments: tree.length, removed, memberships: values.length }, 'member directory synced')
        return { departments: tree.length, removed, memberships: values.length, leaders: values.filter((row) => row.isLeader).length }
      })
    },

    /** Every staff id sitting in one of these departments or any department under them. */
    staffIdsInDepartments,

    withAncestors,

    /** The staff ids of the departments this member leads and every department under them (the leader too); none when they lead none. */
    async teamOf(staffId: number, handle: DbOrTx = db): Promise<number[]> {
      const led = await handle
        .select({ departmentId: staffDepartments.departmentId })
        .from(staffDepartments)
        .where(and(eq(staffDepartments.staffId, staffId), eq(staffDepartments.isLeader, true)))
      return staffIdsInDepartments(led.map((row) => row.departmentId), handle)
    },

    /** The stored tree for the console, each department with its own member count and its leaders. */
    async tree(): Promise<DepartmentTree> {
      const rows = await db.select().from(departments)
      const counts = await db
        .select({ departmentId: staffDepartments.departmentId, members: count() })
        .from(staffDepartments)
        .groupBy(staffDepartments.departmentId)
      const leaders = await db
        .select({ departmentId: staffDepartments.departmentId, staffId: staff.id, userId: staff.userId, name: staff.name })
        .from(staffDepartments)
        .innerJoin(staff, eq(staff.id, staffDepartments.staffId))
        .where(eq(staffDepartments.isLeader, true))
        .orderBy(staff.id)
      const memberCount = new Map(counts.map((row) => [row.departmentId, Number(row.members)]))
      return {
        items: depthFirst(rows).map(({ row, depth }) => ({
          id: row.id,
          name: row.name,
          parentId: row.parentId,
          depth,
          memberCount: memberCount.get(row.id) ?? 0,
          leaders: leaders.filter((leader) => leader.departmentId === row.id).map(({ departmentId: _d, ...leader }) => leader),
        })),
      }
    },
  }
}

export type DepartmentService = ReturnType<typeof createDepartmentService>

declare module 'fastify' {
  interface FastifyInstance {
    departments: DepartmentService
  }
}

export interface DepartmentOptions {
  /** How often the directory is read again from WeCom; 0 turns the timer off, and the start's read with it (tests). */
  syncEveryMs: number
}

export default fp(
  async (app, { syncEveryMs }: DepartmentOptions) => {
    const service = createDepartmentService({ ...serviceDeps(app), wecom: app.wecom })
    app.decorate('departments', service)
    // A failed read is logged by the runner and tried again at the next round.
    runPeriodically(app, { name: 'member directory sync', everyMs: syncEveryMs, atStart: true, shared: true, work: () => service.syncDirectory() })
  },
  { name: 'departments', dependencies: ['db', 'clock', 'tencent-clients'] },
)
