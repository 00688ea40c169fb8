import { Type, type Static } from 'typebox'

const TagName = Type.String({ minLength: 1, maxLength: 30, description: 'WeCom allows up to 30 characters' })

export const CreateTagRequestSchema = Type.Object({
  groupName: TagName,
  name: TagName,
})
export type CreateTagRequest = Static<typeof CreateTagRequestSchema>

export const TagSchema = Type.Object({
  id: Type.Integer(),
  groupId: Type.Integer(),
  groupName: Type.String(),
  name: Type.String(),
})
export type Tag = Static<typeof TagSchema>

export const TagGroupSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  exclusive: Type.Boolean(),
  tags: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
})
export type TagGroup = Static<typeof TagGroupSchema>

export const TagGroupListSchema = Type.Object({ groups: Type.Array(TagGroupSchema) })
export type TagGroupList = Static<typeof TagGroupListSchema>

const TagIds = Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 100, uniqueItems: true })

export const UpdateCustomerTagsRequestSchema = Type.Object({
  add: Type.Optional(TagIds),
  remove: Type.Optional(TagIds),
})
export type UpdateCustomerTagsRequest = Static<typeof UpdateCustomerTagsRequestSchema>

export const CustomerTagsSchema = Type.Object({ tags: Type.Array(TagSchema) })
export type CustomerTags = Static<typeof CustomerTagsSchema>
