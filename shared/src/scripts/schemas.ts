import { Type, type Static, type TProperties } from 'typebox'
import { IdSchema } from '../common/idempotency'
import { Nullable } from '../common/nullable'
import { CursorQuerySchema, PageSchema } from '../common/pagination'
import { SCRIPT_SCOPES, SCRIPT_TYPES } from '../common/values'
import { LibraryFileRefSchema } from '../materials/file-ref'

// ---- Categories: a tree (a category may sit under another) ----

const CategoryName = Type.String({ minLength: 1, maxLength: 20 })

export const ScriptCategorySchema = Type.Object({
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  name: Type.String(),
  sortOrder: Type.Integer(),
})
export type ScriptCategory = Static<typeof ScriptCategorySchema>

/** Every category, parents before their children, each level in sort order. */
export const ScriptCategoryListSchema = Type.Object({ categories: Type.Array(ScriptCategorySchema) })
export type ScriptCategoryList = Static<typeof ScriptCategoryListSchema>

export const CreateScriptCategoryRequestSchema = Type.Object(
  {
    name: CategoryName,
    parentId: Type.Optional(Nullable(IdSchema)),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 9999 })),
  },
  { additionalProperties: false },
)
export type CreateScriptCategoryRequest = Static<typeof CreateScriptCategoryRequestSchema>

export const UpdateScriptCategoryRequestSchema = Type.Partial(CreateScriptCategoryRequestSchema, { minProperties: 1, additionalProperties: false })
export type UpdateScriptCategoryRequest = Static<typeof UpdateScriptCategoryRequestSchema>

export const ScriptCategoryParamsSchema = Type.Object({ categoryId: IdSchema })

// ---- Scripts: one shape per type, so each carries exactly what its chat message needs ----

const HttpUrl = Type.String({ minLength: 10, maxLength: 1024, pattern: '^https?://[^\\s]+$' })

/** What each type adds to the common fields; the names mirror `ww.sendChatMessage`'s payloads. */
const ATTACHMENTS = {
  image: { image: Type.Object({ url: HttpUrl }, { additionalProperties: false }) },
  link: { link: Type.Object({ url: HttpUrl, imageUrl: HttpUrl }, { additionalProperties: false }) },
  miniprogram: {
    miniprogram: Type.Object(
      {
        appid: Type.String({ pattern: '^wx[0-9A-Za-z]{16}$', maxLength: 18, description: 'A mini-program bound to the WeCom corp' }),
        page: Type.String({
          maxLength: 256,
          pattern: '^[A-Za-z0-9_./-]+\\.html(\\?[^\\s]*)?$',
          description: 'WeCom requires the page path to end with .html',
        }),
        imageUrl: HttpUrl,
      },
      { additionalProperties: false },
    ),
  },
  /** A video or document of the library, sent under its own name. */
  file: { file: LibraryFileRefSchema },
} as const

const Title = Type.String({ minLength: 1, maxLength: 60 })
/** The message itself for text scripts; for the others, the card's summary (link) or a note for guides. */
const TextContent = Type.String({ minLength: 1, maxLength: 2000 })
const Description = Type.String({ maxLength: 200 })
const Keywords = Type.Array(Type.String({ minLength: 1, maxLength: 20, pattern: '^\\S+$' }), {
  maxItems: 10,
  uniqueItems: true,
})

/** The five script shapes over a set of common fields (those of a request, or of a stored script); none takes another's fields. */
function scriptVariants<P extends TProperties>(common: P) {
  const strict = { additionalProperties: false } as const
  return Type.Union([
    Type.Object({ ...common, type: Type.Literal('text'), content: TextContent }, strict),
    Type.Object({ ...common, type: Type.Literal('image'), content: Description, ...ATTACHMENTS.image }, strict),
    Type.Object({ ...common, type: Type.Literal('link'), content: Description, ...ATTACHMENTS.link }, strict),
    Type.Object({ ...common, type: Type.Literal('miniprogram'), content: Description, ...ATTACHMENTS.miniprogram }, strict),
    Type.Object({ ...common, type: Type.Literal('file'), content: Description, ...ATTACHMENTS.file }, strict),
  ])
}

/** `POST /api/admin/scripts` (and a guide's own, `POST /api/sidebar/scripts`); `PUT` replaces with the same body. */
export const ScriptInputSchema = scriptVariants({
  title: Title,
  keywords: Type.Optional(Keywords),
  categoryId: Type.Optional(Nullable(IdSchema)),
})
export type ScriptInput = Static<typeof ScriptInputSchema>

export const ScriptSchema = scriptVariants({
  id: Type.Integer(),
  scope: Type.Enum(SCRIPT_SCOPES),
  title: Type.String(),
  keywords: Type.Array(Type.String()),
  categoryId: Nullable(Type.Integer()),
  usageCount: Type.Integer({ description: 'Times guides sent it' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})
export type Script = Static<typeof ScriptSchema>

export const ScriptPageSchema = PageSchema(ScriptSchema)
export type ScriptPage = Static<typeof ScriptPageSchema>

export const ScriptSearchQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 50, description: 'Words in the title, content or keywords' })),
  categoryId: Type.Optional({ ...IdSchema, description: 'This category and those under it' }),
  type: Type.Optional(Type.Enum(SCRIPT_TYPES, { description: 'Scripts of this type only' })),
  ...CursorQuerySchema.properties,
})
export type ScriptSearchQuery = Static<typeof ScriptSearchQuerySchema>

export const ScriptParamsSchema = Type.Object({ scriptId: IdSchema })

// ---- Sending ----

/** `ww.sendChatMessage` payloads, exactly as the JS-SDK takes them (lower-case `mediaid`, camel `imgUrl`). */
export const ChatMessageSchema = Type.Union([
  Type.Object({ msgtype: Type.Literal('text'), text: Type.Object({ content: Type.String() }) }),
  Type.Object({ msgtype: Type.Literal('image'), image: Type.Object({ mediaid: Type.String() }) }),
  Type.Object({ msgtype: Type.Literal('video'), video: Type.Object({ mediaid: Type.String() }) }),
  Type.Object({ msgtype: Type.Literal('file'), file: Type.Object({ mediaid: Type.String() }) }),
  Type.Object({
    msgtype: Type.Literal('news'),
    news: Type.Object({ link: Type.String(), title: Type.String(), desc: Type.String(), imgUrl: Type.String() }),
  }),
  Type.Object({
    msgtype: Type.Literal('miniprogram'),
    miniprogram: Type.Object({ appid: Type.String(), title: Type.String(), imgUrl: Type.String(), page: Type.String() }),
  }),
])
export type ChatMessage = Static<typeof ChatMessageSchema>

export const SendScriptRequestSchema = Type.Object(
  {
    externalUserId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
    /** A retried send with the same id is counted once and answers the same message. */
    requestId: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  },
  { additionalProperties: false },
)
export type SendScriptRequest = Static<typeof SendScriptRequestSchema>

export const SendScriptResponseSchema = Type.Object({
  message: ChatMessageSchema,
  usageCount: Type.Integer(),
})
export type SendScriptResponse = Static<typeof SendScriptResponseSchema>
