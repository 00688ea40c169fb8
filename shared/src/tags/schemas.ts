import { Type, type Static, type TSchema } from 'typebox'
import { IdSchema } from '../common/idempotency'
import { TAG_RULE_ACTIVITIES } from '../common/values'

const TagName = Type.String({ minLength: 1, maxLength: 30, description: 'WeCom allows up to 30 characters' })

export const CreateTagRequestSchema = Type.Object({ groupName: TagName, name: TagName }, { additionalProperties: false })
export type CreateTagRequest = Static<typeof CreateTagRequestSchema>

export const TagSchema = Type.Object({
  id: Type.Integer(),
  groupId: Type.Integer(),
  groupName: Type.String(),
  name: Type.String(),
})
export type Tag = Static<typeof TagSchema>

const TagChoice = { id: Type.Integer(), name: Type.String() }
const groupOf = <Tag extends TSchema>(tag: Tag) =>
  Type.Object({ id: Type.Integer(), name: Type.String(), exclusive: Type.Boolean(), tags: Type.Array(tag) })

export const TagGroupSchema = groupOf(
  Type.Object({ ...TagChoice, customerCount: Type.Integer({ description: 'Customers carrying the tag now' }) }),
)
export type TagGroup = Static<typeof TagGroupSchema>

export const TagGroupListSchema = Type.Object({ groups: Type.Array(TagGroupSchema) })
export type TagGroupList = Static<typeof TagGroupListSchema>

/** The groups and tags a guide picks from: no counts, which the picker does not show and would have to wait for. */
export const TagPickerListSchema = Type.Object({ groups: Type.Array(groupOf(Type.Object(TagChoice))) })
export type TagPickerList = Static<typeof TagPickerListSchema>

const TagIds = Type.Array(IdSchema, { maxItems: 100, uniqueItems: true })

export const UpdateCustomerTagsRequestSchema = Type.Object(
  { add: Type.Optional(TagIds), remove: Type.Optional(TagIds) },
  { additionalProperties: false },
)
export type UpdateCustomerTagsRequest = Static<typeof UpdateCustomerTagsRequestSchema>

export const CustomerTagsSchema = Type.Object({ tags: Type.Array(TagSchema) })
export type CustomerTags = Static<typeof CustomerTagsSchema>

export const TagIdParamsSchema = Type.Object({ id: IdSchema })

export const RenameTagRequestSchema = Type.Object({ name: TagName }, { additionalProperties: false })
export type RenameTagRequest = Static<typeof RenameTagRequestSchema>

export const UpdateTagGroupRequestSchema = Type.Object(
  {
    name: Type.Optional(TagName),
    exclusive: Type.Optional(Type.Boolean({ description: 'A customer carries at most one tag of this group' })),
  },
  { minProperties: 1, additionalProperties: false },
)
export type UpdateTagGroupRequest = Static<typeof UpdateTagGroupRequestSchema>

export const TagRuleActivityParamsSchema = Type.Object({ activity: Type.Enum(TAG_RULE_ACTIVITIES) })

export const PutTagRuleRequestSchema = Type.Object({ tagId: IdSchema, enabled: Type.Boolean() }, { additionalProperties: false })
export type PutTagRuleRequest = Static<typeof PutTagRuleRequestSchema>

export const TagRuleSchema = Type.Object({
  activity: Type.Enum(TAG_RULE_ACTIVITIES),
  enabled: Type.Boolean(),
  tag: Type.Union([TagSchema, Type.Null()]),
})
export type TagRule = Static<typeof TagRuleSchema>

export const TagRuleListSchema = Type.Object({ rules: Type.Array(TagRuleSchema) })
export type TagRuleList = Static<typeof TagRuleListSchema>
