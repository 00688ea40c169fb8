import { Type, type Static } from 'typebox'
import { CustomerProfileSchema } from '../customers/schemas'

export const MpLoginRequestSchema = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 512, description: 'wx.login code' }) },
  { additionalProperties: false },
)
export type MpLoginRequest = Static<typeof MpLoginRequestSchema>

export const MpLoginResponseSchema = Type.Object({
  token: Type.String(),
  customer: CustomerProfileSchema,
})
export type MpLoginResponse = Static<typeof MpLoginResponseSchema>

export const StaffSchema = Type.Object({
  id: Type.Integer(),
  userId: Type.String({ description: 'WeCom member userid' }),
  name: Type.String(),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
  isAdmin: Type.Boolean({ description: 'Admins see every customer, not only the ones they follow' }),
})
export type Staff = Static<typeof StaffSchema>

export const SidebarLoginRequestSchema = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 512, description: 'WeCom OAuth code' }) },
  { additionalProperties: false },
)
export type SidebarLoginRequest = Static<typeof SidebarLoginRequestSchema>

export const SidebarLoginResponseSchema = Type.Object({ token: Type.String(), staff: StaffSchema })
export type SidebarLoginResponse = Static<typeof SidebarLoginResponseSchema>

export const AdminLoginRequestSchema = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
)
export type AdminLoginRequest = Static<typeof AdminLoginRequestSchema>

export const AdminLoginResponseSchema = Type.Object({
  token: Type.String(),
  admin: Type.Object({ id: Type.Integer(), username: Type.String() }),
  expiresAt: Type.String({ format: 'date-time' }),
})
export type AdminLoginResponse = Static<typeof AdminLoginResponseSchema>

export const StaffListSchema = Type.Object({ items: Type.Array(StaffSchema) })
export type StaffList = Static<typeof StaffListSchema>

export const ChangePasswordRequestSchema = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: Type.String({ minLength: 8, maxLength: 256, description: 'at least 8 characters' }),
  },
  { additionalProperties: false },
)
export type ChangePasswordRequest = Static<typeof ChangePasswordRequestSchema>
