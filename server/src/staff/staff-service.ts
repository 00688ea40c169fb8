import fp from 'fastify-plugin'
import { eq, sql } from 'drizzle-orm'
import type { Staff } from '@liuliang/shared'
import type { WecomClient } from '../clients/wecom-client'
import type { Db } from '../db'
import { staff } from '../db/schema'

type StaffRow = typeof staff.$inferSelect

export function toStaff(row: StaffRow): Staff {
  return { id: row.id, userId: row.userId, name: row.name, avatarUrl: row.avatarUrl, isAdmin: row.isAdmin }
}

export function createStaffService(db: Db, wecom: WecomClient) {
  const findByUserId = (userId: string) => db.select().from(staff).where(eq(staff.userId, userId)).get()
  // Prepared once: every sidebar request loads its guide.
  const byId = db.select().from(staff).where(eq(staff.id, sql.placeholder('id'))).prepare()

  return {
    findById: (id: number) => byId.get({ id }),
    findByUserId,

    listAll: () => db.select().from(staff).orderBy(staff.id).all().map(toStaff),

    /** The staff record for a WeCom member, created from the member directory the first time we meet them. */
    async ensureStaff(userId: string): Promise<StaffRow> {
      const known = findByUserId(userId)
      if (known) return known
      const member = await wecom.getMember(userId)
      return (
        db
          .insert(staff)
          .values({ userId, name: member.name || userId, avatarUrl: member.avatar || null })
          .onConflictDoNothing()
          .returning()
          .get() ?? (findByUserId(userId) as StaffRow)
      )
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
    app.decorate('staff', createStaffService(app.db, app.wecom))
  },
  { name: 'staff', dependencies: ['db', 'tencent-clients'] },
)
