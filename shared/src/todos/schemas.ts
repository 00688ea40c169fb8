// The guide's to-do list (待办) in the sidebar: one list, soonest due first, gathered from every domain
// that asks a guide to act on a customer. Each item says what kind it is, so the sidebar knows which
// actions it offers; a new kind is a new entry in TODO_KINDS and a source registered on the server.
import { Type, type Static } from 'typebox'
import { Nullable } from '../common/nullable'

export const TODO_KINDS = ['lead', 'reminder', 'sop', 'broadcast', 'moment'] as const
export type TodoKind = (typeof TODO_KINDS)[number]

export const TODO_KIND_LABELS: Record<TodoKind, string> = {
  lead: '线索',
  reminder: '跟进提醒',
  sop: '激活SOP',
  broadcast: '客户群发',
  moment: '客户朋友圈',
}

/** Kinds the guide finishes in WeCom's own client (confirming a broadcast, publishing a moment): about no one customer. */
export const CLIENT_TODO_KINDS: readonly TodoKind[] = ['broadcast', 'moment']

/** An item about no one customer (what the guide confirms or publishes for many). */
export const NO_CUSTOMER = { externalUserId: null, name: null, avatarUrl: null } as const

export const TodoCustomerSchema = Type.Object({
  externalUserId: Nullable(Type.String()),
  name: Nullable(Type.String()),
  avatarUrl: Nullable(Type.String()),
})
export type TodoCustomer = Static<typeof TodoCustomerSchema>

/** What the guide could send: a script from the library (sent by one tap), or text to send by hand. */
export const TodoSuggestionSchema = Type.Object({
  scriptId: Nullable(Type.Integer()),
  content: Type.String(),
})
export type TodoSuggestion = Static<typeof TodoSuggestionSchema>

export const TodoSchema = Type.Object({
  kind: Type.Enum(TODO_KINDS),
  /** The item in its own domain (a lead's id, a follow-up note's id); with the kind, unique in the list. */
  sourceId: Type.Integer(),
  title: Type.String(),
  /** Why it is on the list, in a line (「优惠券 3 天后到期」). */
  detail: Type.String(),
  dueAt: Type.String({ format: 'date-time' }),
  /** The item's own status word in its domain (a lead's new/contacted), where it has one. */
  status: Nullable(Type.String()),
  customer: TodoCustomerSchema,
  suggestion: Nullable(TodoSuggestionSchema),
})
export type Todo = Static<typeof TodoSchema>

export const TodoListSchema = Type.Object({ items: Type.Array(TodoSchema) })
export type TodoList = Static<typeof TodoListSchema>

export const TodoListQuerySchema = Type.Object(
  {
    kind: Type.Optional(Type.Enum(TODO_KINDS)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
)
export type TodoListQuery = Static<typeof TodoListQuerySchema>
