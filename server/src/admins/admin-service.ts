import fp from 'fastify-plugin'
import { eq, sql } from 'drizzle-orm'
import { first } from '../db'
import { admins } from '../db/schema'
import { badRequest, unauthorized } from '../errors'
import { serviceDeps, type ServiceDeps } from '../services'
import { hashPassword, verifyPassword } from './password'

// Compared against when the username is unknown, so both failures take the same time.
const UNKNOWN_USER_HASH = hashPassword('unknown-user-placeholder')

/** Tokens carry the session version they were issued under: a new one ends every session of the admin. */
const nextSessionVersion = sql`${admins.sessionVersion} + 1`

export function createAdminService({ db, now }: ServiceDeps) {
  const findByUsername = (username: string) => first(db.select().from(admins).where(eq(admins.username, username)))

  return {
    findById: (id: number) => first(db.select().from(admins).where(eq(admins.id, id))),

    /** The account named by ADMIN_USERNAME/ADMIN_PASSWORD exists once; a changed password is kept. */
    async ensureBootstrapAdmin(username: string, password: string): Promise<void> {
      if (await findByUsername(username)) return
      const passwordHash = await hashPassword(password)
      await db.transaction((tx) => tx.insert(admins).values({ username, passwordHash, passwordChangedAt: now() }).onConflictDoNothing())
    },

    /** Logout: every token issued to this admin so far stops working. */
    async endSessions(adminId: number): Promise<void> {
      await db.transaction((tx) => tx.update(admins).set({ sessionVersion: nextSessionVersion }).where(eq(admins.id, adminId)))
    },

    /**
     * Needs the current password, so a console left open cannot be taken over by changing it. Ends every
     * session of the admin, this one too: whoever knew the old password is signed out.
     */
    async changePassword(adminId: number, currentPassword: string, newPassword: string): Promise<void> {
      const admin = await first(db.select().from(admins).where(eq(admins.id, adminId)))
      if (!admin || !(await verifyPassword(currentPassword, admin.passwordHash))) {
        throw unauthorized('INVALID_CREDENTIALS', '当前密码不正确')
      }
      if (currentPassword === newPassword) throw badRequest('PASSWORD_UNCHANGED', '新密码不能与当前密码相同')
      const passwordHash = await hashPassword(newPassword)
      await db.transaction((tx) =>
        tx.update(admins).set({ passwordHash, passwordChangedAt: now(), sessionVersion: nextSessionVersion }).where(eq(admins.id, adminId)),
      )
    },

    async authenticate(username: string, password: string) {
      const admin = await findByUsername(username)
      const valid = await verifyPassword(password, admin?.passwordHash ?? (await UNKNOWN_USER_HASH))
      if (!admin || !valid) throw unauthorized('INVALID_CREDENTIALS', '用户名或密码错误')
      return admin
    },
  }
}

export type AdminService = ReturnType<typeof createAdminService>

declare module 'fastify' {
  interface FastifyInstance {
    admins: AdminService
  }
}

export default fp(
  async (app, options: { bootstrap: { username: string; password: string } }) => {
    const service = createAdminService(serviceDeps(app))
    await service.ensureBootstrapAdmin(options.bootstrap.username, options.bootstrap.password)
    app.decorate('admins', service)
  },
  { name: 'admins', dependencies: ['db', 'clock'] },
)
