import fp from 'fastify-plugin'
import { randomInt } from 'node:crypto'
import { and, asc, count, eq, isNull, ne, sql } from 'drizzle-orm'
import {
  BUILT_IN_ROLE_DEFINITIONS,
  BUILT_IN_ROLES,
  type AdminAccount,
  type AdminAccountUpdate,
  type AdminInviteRequest,
  type AdminSelf,
  type Permission,
  type Role,
  type RoleInput,
  type TemporaryPassword,
} from '@liuliang/shared'
import { first, forUpdate, type DbOrTx, type Tx } from '../db'
import { adminRoles, admins } from '../db/schema'
import { recordChange } from '../audit/audit-service'
import { changedFields } from '../audit/changes'
import { badRequest, conflict, foundOr404, unauthorized } from '../errors'
import { serviceDeps, type ServiceDeps } from '../services'
import { hashPassword, verifyPassword } from './password'

// Compared against when the username is unknown, so both failures take the same time.
const UNKNOWN_USER_HASH = hashPassword('unknown-user-placeholder')

/** Tokens carry the session version they were issued under: a new one ends every session of the admin. */
const nextSessionVersion = sql`${admins.sessionVersion} + 1`

type AdminRow = typeof admins.$inferSelect
type RoleRow = typeof adminRoles.$inferSelect

/** What a live admin session may do, found once per request by the session check. */
export interface AdminAccess {
  id: number
  username: string
  displayName: string
  roleName: string
  permissions: Permission[]
  /** WeCom departments the account is limited to; empty: the whole brand */
  departmentIds: number[]
  mustChangePassword: boolean
  sessionVersion: number
}

// Unambiguous characters only: the password is read out or typed by whoever receives the invite.
const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'
const temporaryPassword = () => Array.from({ length: 12 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('')

const withRole = (handle: DbOrTx) =>
  handle.select({ admin: admins, role: adminRoles }).from(admins).leftJoin(adminRoles, eq(adminRoles.id, admins.roleId))

const toAccount = ({ admin, role }: { admin: AdminRow; role: RoleRow | null }): AdminAccount => ({
  id: admin.id,
  username: admin.username,
  displayName: admin.displayName || admin.username,
  role: { id: role?.id ?? 0, name: role?.name ?? '无角色', builtIn: role?.builtIn ?? null },
  departmentIds: admin.departmentIds,
  disabled: admin.disabledAt !== null,
  mustChangePassword: admin.mustChangePassword,
  lastLoginAt: admin.lastLoginAt?.toISOString() ?? null,
  createdAt: admin.createdAt.toISOString(),
})

/** Owner accounts that keep the brand reachable: active and not limited to departments. */
const isFullOwner = (admin: Pick<AdminRow, 'disabledAt' | 'departmentIds'>, role: Pick<RoleRow, 'builtIn'> | null) =>
  role?.builtIn === 'owner' && admin.disabledAt === null && admin.departmentIds.length === 0

export function createAdminService({ db, now }: ServiceDeps) {
  const findByUsername = (username: string) => first(db.select().from(admins).where(eq(admins.username, username)))
  const ownerRole = async (handle: DbOrTx) =>
    (await first(handle.select().from(adminRoles).where(eq(adminRoles.builtIn, 'owner')))) as RoleRow

  const accountOf = async (handle: DbOrTx, id: number) => foundOr404(await first(withRole(handle).where(eq(admins.id, id))), 'ADMIN_NOT_FOUND', '账号不存在')
  const roleOf = async (handle: DbOrTx, id: number) =>
    foundOr404(await first(handle.select().from(adminRoles).where(eq(adminRoles.id, id))), 'ROLE_NOT_FOUND', '角色不存在')

  /**
   * After a change, some active owner of the whole brand must remain, or nobody could manage accounts again.
   * The owners' rows are locked as they are read: on PostgreSQL a concurrent unit of work demoting another
   * owner is waited for and its outcome counted, so two owners demoting each other cannot both pass.
   */
  async function keepAnOwner(tx: Tx): Promise<void> {
    const rows = await forUpdate(
      tx
        .select({ admin: admins, role: adminRoles })
        .from(admins)
        .innerJoin(adminRoles, eq(adminRoles.id, admins.roleId))
        .where(and(eq(adminRoles.builtIn, 'owner'), isNull(admins.disabledAt))),
    )
    if (!rows.some(({ admin, role }) => isFullOwner(admin, role))) {
      throw conflict('LAST_OWNER', '至少要保留一个启用中、不限部门的所有者账号')
    }
  }

  const uniqueName = async (handle: DbOrTx, name: string, exceptId?: number) => {
    const taken = await first(
      handle.select({ id: adminRoles.id }).from(adminRoles).where(and(eq(adminRoles.name, name), exceptId ? ne(adminRoles.id, exceptId) : undefined)),
    )
    if (taken) throw conflict('ROLE_NAME_TAKEN', `已有名为「${name}」的角色`)
  }

  return {
    findById: (id: number) => first(db.select().from(admins).where(eq(admins.id, id))),

    /** The access of a token's admin while the session holds: same session version, not disabled. */
    async sessionOf(id: number, sessionVersion: number, handle: DbOrTx = db): Promise<AdminAccess | undefined> {
      const row = await first(withRole(handle).where(eq(admins.id, id)))
      if (!row || row.admin.sessionVersion !== sessionVersion || row.admin.disabledAt !== null) return undefined
      return {
        id,
        username: row.admin.username,
        displayName: row.admin.displayName || row.admin.username,
        roleName: row.role?.name ?? '无角色',
        permissions: row.role?.permissions ?? [],
        departmentIds: row.admin.departmentIds,
        mustChangePassword: row.admin.mustChangePassword,
        sessionVersion,
      }
    },

    self: (access: AdminAccess): AdminSelf => ({
      id: access.id,
      username: access.username,
      displayName: access.displayName,
      roleName: access.roleName,
      permissions: access.permissions,
      departmentIds: access.departmentIds,
      mustChangePassword: access.mustChangePassword,
    }),

    /**
     * Built-in roles follow the code at every start; accounts made before roles existed become owners, so an
     * upgrade locks nobody out.
     */
    async ensureBuiltInRoles(): Promise<void> {
      await db.transaction(async (tx) => {
        for (const builtIn of BUILT_IN_ROLES) {
          const { name, description, permissions } = BUILT_IN_ROLE_DEFINITIONS[builtIn]
          const values = { name, description, permissions: [...permissions] }
          await tx.insert(adminRoles).values({ builtIn, ...values }).onConflictDoUpdate({ target: adminRoles.builtIn, set: values })
        }
        await tx.update(admins).set({ roleId: (await ownerRole(tx)).id }).where(isNull(admins.roleId))
      })
    },

    /** The account named by ADMIN_USERNAME/ADMIN_PASSWORD exists once, as an owner; a changed password is kept. */
    async ensureBootstrapAdmin(username: string, password: string): Promise<void> {
      if (await findByUsername(username)) return
      const passwordHash = await hashPassword(password)
      await db.transaction(async (tx) =>
        tx.insert(admins).values({ username, passwordHash, passwordChangedAt: now(), roleId: (await ownerRole(tx)).id }).onConflictDoNothing(),
      )
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
        tx
          .update(admins)
          .set({ passwordHash, passwordChangedAt: now(), mustChangePassword: false, sessionVersion: nextSessionVersion })
          .where(eq(admins.id, adminId)),
      )
    },

    /** A disabled account is refused even with the right password, and says so: it is not a guessing aid. */
    async authenticate(username: string, password: string) {
      const admin = await findByUsername(username)
      const valid = await verifyPassword(password, admin?.passwordHash ?? (await UNKNOWN_USER_HASH))
      if (!admin || !valid) throw unauthorized('INVALID_CREDENTIALS', '用户名或密码错误')
      if (admin.disabledAt) throw unauthorized('ACCOUNT_DISABLED', '账号已停用，请联系管理员')
      await db.transaction((tx) => tx.update(admins).set({ lastLoginAt: now() }).where(eq(admins.id, admin.id)))
      return admin
    },

    async listAccounts(): Promise<AdminAccount[]> {
      return (await withRole(db).orderBy(asc(admins.id))).map(toAccount)
    },

    /** A new account with a one-time password, shown once, that must be replaced at the first login. */
    async invite(input: AdminInviteRequest): Promise<TemporaryPassword> {
      const password = temporaryPassword()
      const passwordHash = await hashPassword(password)
      const id = await db.transaction(async (tx) => {
        await roleOf(tx, input.roleId)
        const [created] = await tx
          .insert(admins)
          .values({ ...input, passwordHash, passwordChangedAt: now(), mustChangePassword: true })
          .onConflictDoNothing()
          .returning({ id: admins.id })
        if (!created) throw conflict('USERNAME_TAKEN', `用户名「${input.username}」已被使用`)
        await recordChange(tx, { objectType: 'admins', objectId: created.id, action: 'permission', changes: changedFields({}, input) })
        return created.id
      })
      return { account: toAccount(await accountOf(db, id)), temporaryPassword: password }
    },

    /** Role, departments, name or disabling; any change of what the account may do ends its sessions. */
    async updateAccount(actorId: number, id: number, patch: AdminAccountUpdate): Promise<AdminAccount> {
      if (patch.disabled && id === actorId) throw conflict('CANNOT_DISABLE_SELF', '不能停用自己的账号')
      await db.transaction(async (tx) => {
        const before = await accountOf(tx, id)
        if (patch.roleId !== undefined) await roleOf(tx, patch.roleId)
        const { disabled, ...fields } = patch
        const accessChanged = patch.roleId !== undefined || patch.departmentIds !== undefined || disabled !== undefined
        await tx
          .update(admins)
          .set({
            ...fields,
            ...(disabled === undefined ? {} : { disabledAt: disabled ? (before.admin.disabledAt ?? now()) : null }),
            ...(accessChanged ? { sessionVersion: nextSessionVersion } : {}),
          })
          .where(eq(admins.id, id))
        await keepAnOwner(tx)
        const after = toAccount(await accountOf(tx, id))
        const terms = ({ displayName, role, departmentIds, disabled }: AdminAccount) => ({ displayName, role: role.name, departmentIds, disabled })
        await recordChange(tx, { objectType: 'admins', objectId: id, action: 'permission', changes: changedFields(terms(toAccount(before)), terms(after)) })
      })
      return toAccount(await accountOf(db, id))
    },

    /** A forgotten password: a new one-time password; whoever held the old one is signed out. */
    async resetPassword(id: number): Promise<TemporaryPassword> {
      const password = temporaryPassword()
      const passwordHash = await hashPassword(password)
      await db.transaction(async (tx) => {
        await accountOf(tx, id)
        await tx
          .update(admins)
          .set({ passwordHash, passwordChangedAt: now(), mustChangePassword: true, sessionVersion: nextSessionVersion })
          .where(eq(admins.id, id))
        await recordChange(tx, { objectType: 'admins', objectId: id, action: 'password', changes: [] })
      })
      return { account: toAccount(await accountOf(db, id)), temporaryPassword: password }
    },

    async listRoles(): Promise<Role[]> {
      const rows = await db
        .select({ role: adminRoles, accounts: count(admins.id) })
        .from(adminRoles)
        .leftJoin(admins, eq(admins.roleId, adminRoles.id))
        .groupBy(adminRoles.id)
        .orderBy(asc(adminRoles.id))
      return rows.map(({ role, accounts }) => ({
        id: role.id,
        builtIn: role.builtIn as Role['builtIn'],
        name: role.name,
        description: role.description,
        permissions: role.permissions,
        accountCount: accounts,
      }))
    },

    async createRole(input: RoleInput): Promise<number> {
      return db.transaction(async (tx) => {
        await uniqueName(tx, input.name)
        const [created] = await tx.insert(adminRoles).values(input).returning({ id: adminRoles.id })
        await recordChange(tx, { objectType: 'admin_roles', objectId: created!.id, action: 'permission', changes: changedFields({}, input) })
        return created!.id
      })
    },

    /** Built-in roles are fixed; a custom role's accounts get the new permissions at their next request. */
    async updateRole(id: number, input: RoleInput): Promise<void> {
      await db.transaction(async (tx) => {
        const before = await roleOf(tx, id)
        if (before.builtIn) throw conflict('BUILT_IN_ROLE', '内置角色不能修改，可以新建自定义角色')
        await uniqueName(tx, input.name, id)
        await tx.update(adminRoles).set(input).where(eq(adminRoles.id, id))
        const terms = ({ name, description, permissions }: RoleInput) => ({ name, description, permissions })
        await recordChange(tx, { objectType: 'admin_roles', objectId: id, action: 'permission', changes: changedFields(terms(before), terms(input)) })
      })
    },

    async deleteRole(id: number): Promise<void> {
      await db.transaction(async (tx) => {
        const role = await roleOf(tx, id)
        if (role.builtIn) throw conflict('BUILT_IN_ROLE', '内置角色不能删除')
        const [holders] = await tx.select({ n: count() }).from(admins).where(eq(admins.roleId, id))
        if ((holders?.n ?? 0) > 0) throw conflict('ROLE_IN_USE', `还有 ${holders!.n} 个账号使用这个角色，请先为他们换角色`)
        await tx.delete(adminRoles).where(eq(adminRoles.id, id))
        await recordChange(tx, { objectType: 'admin_roles', objectId: id, action: 'delete', changes: changedFields({ name: role.name }, {}) })
      })
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
    await service.ensureBuiltInRoles()
    await service.ensureBootstrapAdmin(options.bootstrap.username, options.bootstrap.password)
    app.decorate('admins', service)
  },
  { name: 'admins', dependencies: ['db', 'clock'] },
)
