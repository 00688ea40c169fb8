import { Type, type Static } from 'typebox'
import { Instant } from '../common/schema-parts'
import { Nullable } from '../common/nullable'
import { IdSchema } from '../common/idempotency'
import { BUILT_IN_ROLES, PERMISSIONS, type Permission } from './roles'

export const PermissionSchema = Type.Enum(PERMISSIONS as Permission[])

const RoleName = Type.String({ minLength: 1, maxLength: 32, description: 'shown in the console' })
const Permissions = Type.Array(PermissionSchema, { maxItems: PERMISSIONS.length, uniqueItems: true })
/** WeCom department ids an account is limited to; empty: the whole brand. */
const DepartmentIds = Type.Array(IdSchema, { maxItems: 100, uniqueItems: true })
const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9_.@-]+$', description: 'letters, digits and _ . @ -' })
const DisplayName = Type.String({ minLength: 1, maxLength: 32 })

export const RoleSchema = Type.Object({
  id: Type.Integer(),
  /** set on the built-in roles, whose permissions cannot be changed */
  builtIn: Nullable(Type.Enum(BUILT_IN_ROLES)),
  name: Type.String(),
  description: Type.String(),
  permissions: Type.Array(PermissionSchema),
  accountCount: Type.Integer(),
})
export type Role = Static<typeof RoleSchema>

export const RoleListSchema = Type.Object({ items: Type.Array(RoleSchema) })
export type RoleList = Static<typeof RoleListSchema>

export const RoleInputSchema = Type.Object(
  { name: RoleName, description: Type.String({ maxLength: 200 }), permissions: Permissions },
  { additionalProperties: false },
)
export type RoleInput = Static<typeof RoleInputSchema>

export const AdminAccountSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.Object({ id: Type.Integer(), name: Type.String(), builtIn: Nullable(Type.String()) }),
  departmentIds: Type.Array(Type.Integer()),
  disabled: Type.Boolean(),
  /** set by an invite or a reset: the account must choose its own password at its next login */
  mustChangePassword: Type.Boolean(),
  lastLoginAt: Nullable(Instant),
  createdAt: Instant,
})
export type AdminAccount = Static<typeof AdminAccountSchema>

export const AdminAccountListSchema = Type.Object({ items: Type.Array(AdminAccountSchema) })
export type AdminAccountList = Static<typeof AdminAccountListSchema>

export const AdminInviteRequestSchema = Type.Object(
  { username: Username, displayName: DisplayName, roleId: IdSchema, departmentIds: DepartmentIds },
  { additionalProperties: false },
)
export type AdminInviteRequest = Static<typeof AdminInviteRequestSchema>

export const AdminAccountUpdateSchema = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    roleId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
    departmentIds: Type.Optional(DepartmentIds),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type AdminAccountUpdate = Static<typeof AdminAccountUpdateSchema>

/** An invite or a password reset: the one-time password is shown once, to be handed over. */
export const TemporaryPasswordSchema = Type.Object({ account: AdminAccountSchema, temporaryPassword: Type.String() })
export type TemporaryPassword = Static<typeof TemporaryPasswordSchema>

/** The signed-in admin: who, and what the console may offer them. */
export const AdminSelfSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  roleName: Type.String(),
  permissions: Type.Array(PermissionSchema),
  departmentIds: Type.Array(Type.Integer()),
  mustChangePassword: Type.Boolean(),
})
export type AdminSelf = Static<typeof AdminSelfSchema>

export const AdminAccountIdParamsSchema = Type.Object({ id: IdSchema }, { additionalProperties: false })
export const RoleIdParamsSchema = Type.Object({ id: IdSchema }, { additionalProperties: false })
