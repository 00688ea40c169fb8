import { Type, type Static } from 'typebox'
import { LibraryFileAttachmentSchema } from '../materials/files'
import { IdSchema } from '../common/idempotency'
import { Nullable } from '../common/nullable'
import { Instant } from '../common/schema-parts'
import { WELCOME_SCOPES } from '../common/values'
import { STAFF_USER_ID_PATTERN } from '../live-codes/schemas'

const Url = Type.String({ minLength: 1, maxLength: 2048, pattern: '^https?://' })

/**
 * What a group welcome template carries (one of them), and a welcome message too. WeCom's limits are in
 * bytes (title ≤ 128 B…); the server checks bytes, the schema bounds characters.
 */
export const WelcomeAttachmentSchema = Type.Union([
  Type.Object({ type: Type.Literal('image'), picUrl: Url }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('link'),
      title: Type.String({ minLength: 1, maxLength: 128 }),
      url: Url,
      desc: Type.Optional(Type.String({ maxLength: 512 })),
      picUrl: Type.Optional(Url),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('miniprogram'),
      title: Type.String({ minLength: 1, maxLength: 64 }),
      appid: Type.String({ minLength: 1, maxLength: 64 }),
      page: Type.String({ minLength: 1, maxLength: 512 }),
      picMediaId: Type.String({ minLength: 1, maxLength: 256, description: 'Cover from WeCom media/upload' }),
    },
    { additionalProperties: false },
  ),
])
export type WelcomeAttachment = Static<typeof WelcomeAttachmentSchema>

/** A welcome message's attachments: those, or a video or document of the library. */
export const WelcomeMessageAttachmentSchema = Type.Union([...WelcomeAttachmentSchema.anyOf, LibraryFileAttachmentSchema])
export type WelcomeMessageAttachment = Static<typeof WelcomeMessageAttachmentSchema>

const IsoTime = Instant

const welcomeFields = {
  name: Type.String({ minLength: 1, maxLength: 50 }),
  scope: Type.Enum(WELCOME_SCOPES, { description: 'live_code > staff > department > campaign > default' }),
  liveCodeId: Nullable({ ...IdSchema, description: 'scope live_code' }),
  staffUserId: Nullable(Type.String({ pattern: STAFF_USER_ID_PATTERN, maxLength: 64, description: 'scope staff' })),
  departmentId: Nullable({ ...IdSchema, description: 'scope department: a WeCom department id' }),
  startsAt: Nullable({ ...IsoTime, description: 'scope campaign' }),
  endsAt: Nullable({ ...IsoTime, description: 'scope campaign' }),
  text: Type.String({ maxLength: 4000, description: 'Placeholders {{customerName}}, {{staffName}}' }),
  attachments: Type.Array(WelcomeMessageAttachmentSchema, { maxItems: 9 }),
  enabled: Type.Boolean(),
}

export const CreateWelcomeMessageRequestSchema = Type.Object(
  {
    name: welcomeFields.name,
    scope: welcomeFields.scope,
    text: welcomeFields.text,
    liveCodeId: Type.Optional(welcomeFields.liveCodeId),
    staffUserId: Type.Optional(welcomeFields.staffUserId),
    departmentId: Type.Optional(welcomeFields.departmentId),
    startsAt: Type.Optional(welcomeFields.startsAt),
    endsAt: Type.Optional(welcomeFields.endsAt),
    attachments: Type.Optional(welcomeFields.attachments),
    enabled: Type.Optional(welcomeFields.enabled),
  },
  { additionalProperties: false },
)
export type CreateWelcomeMessageRequest = Static<typeof CreateWelcomeMessageRequestSchema>

export const UpdateWelcomeMessageRequestSchema = Type.Partial(Type.Object(welcomeFields), { minProperties: 1, additionalProperties: false })
export type UpdateWelcomeMessageRequest = Static<typeof UpdateWelcomeMessageRequestSchema>

export const WelcomeMessageIdParamsSchema = Type.Object({ id: IdSchema })

export const WelcomeMessageSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  scope: Type.Enum(WELCOME_SCOPES),
  liveCodeId: Nullable(Type.Integer()),
  staffUserId: Nullable(Type.String()),
  departmentId: Nullable(Type.Integer()),
  startsAt: Nullable(IsoTime),
  endsAt: Nullable(IsoTime),
  text: Type.String(),
  attachments: Type.Array(WelcomeMessageAttachmentSchema),
  enabled: Type.Boolean(),
  updatedAt: IsoTime,
})
export type WelcomeMessage = Static<typeof WelcomeMessageSchema>

export const WelcomeMessageListSchema = Type.Object({ items: Type.Array(WelcomeMessageSchema) })
export type WelcomeMessageList = Static<typeof WelcomeMessageListSchema>
