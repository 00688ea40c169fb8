import fp from 'fastify-plugin'
import { eq, inArray, sql } from 'drizzle-orm'
import type { Staff } from '@liuliang/shared'
import type { WecomClient } from '../clients/wecom-client'
import { first, prepared, type DbOrTx } from '../db'
import { staff } from '../db/schema'
import { membershipsOf, replaceMemberships } from '../departments/memberships'
import { serviceDeps, type ServiceDeps } from '../services'

type StaffRow = typeof staff.$inferSelect

export function toStaff(row: StaffRow): Staff {
  return { id: row.id, userId: row.userId, name: row.name, avatarUrl: row.avatarUrl, isAdmin: row.isAdmin }
}

/** A guide's session check on every sidebar request: built once, run with the id. */
const staffById = prepared((handle: DbOrTx) => handle.select().from(staff).where(eq(staff.id, sql.placeholder('id'))))

export interface StaffDeps extends ServiceDeps {
  wecom: WecomClient
}

export function createStaffService({ db, wecom }: StaffDeps) {
  const byUserId = (tx: DbOrTx, userId: string) => first(tx.select().from(staff).where(eq(staff.userId, userId)))

  return {
    findById: (id: number, handle: DbOrTx = db) => first(staffById(handle, { id })),
    findByUserId: (userId: string) => byUserId(db, userId),

    /** `ids`: only these (a store manager's guides); null: everyone. */
    listAll: async (ids: number[] | null = null) =>
      (await db.select().from(staff).where(ids ? inArray(staff.id, ids) : undefined).orderBy(staff.id)).map(toStaff),

    /**
     * The staff record for a WeCom member, created from the member directory the first time we meet them, with the
     * departments user/get places them in (the directory sync keeps them current afterwards).
     */
    async ensureStaff(userId: string): Promise<StaffRow> {
      const known = await byUserId(db, userId)
      if (known) return known
      const member = await wecom.getMember(userId)
      return db.transaction(async (tx) => {
        const [created] = await tx
          .insert(staff)
          .values({ userId, name: member.name || userId, avatarUrl: member.avatar || null })
          .onConflictDoNothing()
          .returning()
        if (!created) return (await byUserId(tx, userId)) as StaffRow
        await replaceMemberships(tx, created.id, membershipsOf(member))
        return created
      })
    },
  }
}

export type StaffService = ReturnType<typeof createStaffService>

declare module 'fastify' {
  interface FastifyInstance {
    staff: StaffService
  }
}

export default fp(
  async (app) => {
    app.decorate('staff', createStaffService({ ...serviceDeps(app), wecom: app.wecom }))
  },
  { name: 'staff', dependencies: ['db', 'clock', 'tencent-clients'] },
)
