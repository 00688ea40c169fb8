import { Type, type Static } from 'typebox'
import { Nullable } from '../common/nullable'
import { FOLLOW_ENDINGS } from '../common/values'
import { CursorQuerySchema, PageSchema } from '../common/pagination'


export const ChurnQuerySchema = Type.Object({
  kind: Type.Optional(Type.Enum(FOLLOW_ENDINGS, { description: 'lost: the customer deleted the guide; removed: the guide deleted the customer' })),
  ...CursorQuerySchema.properties,
})
export type ChurnQuery = Static<typeof ChurnQuerySchema>

/** One ended guide relation, newest ending first. */
export const ChurnEntrySchema = Type.Object({
  customerId: Type.Integer(),
  externalUserId: Nullable(Type.String()),
  customerName: Nullable(Type.String()),
  staffUserId: Type.String(),
  staffName: Type.String(),
  kind: Type.Enum(FOLLOW_ENDINGS),
  state: Nullable(Type.String({ description: 'Live-code state of the first add' })),
  firstAddedAt: Type.String({ format: 'date-time' }),
  endedAt: Type.String({ format: 'date-time' }),
})
export type ChurnEntry = Static<typeof ChurnEntrySchema>

export const ChurnPageSchema = PageSchema(ChurnEntrySchema)
export type ChurnPage = Static<typeof ChurnPageSchema>
