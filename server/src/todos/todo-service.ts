// The guide's to-do list (待办, `GET /api/sidebar/todos`): every domain that asks a guide to act on a
// customer registers a source for its kind (`app.todos.registerSource('lead', list)`) from its own
// plugin; the list asks each source for the guide's open items and answers them soonest due first.
// A source answers `Todo` items (shared/src/todos/schemas.ts): kind, its own id, title, a line on why,
// due time, status, the customer and what to send. Adding a kind: add it to TODO_KINDS and register
// its source; the sidebar shows it with the kind's actions.
import fp from 'fastify-plugin'
import type { Todo, TodoKind, TodoListQuery } from '@liuliang/shared'

/** One guide's open items of one kind, soonest due first, at most `limit`. */
export type TodoSource = (staffId: number, limit: number) => Promise<Todo[]>

export function createTodoService() {
  const sources = new Map<TodoKind, TodoSource>()
  return {
    registerSource(kind: TodoKind, source: TodoSource): void {
      if (sources.has(kind)) throw new Error(`the to-do source "${kind}" is already registered`)
      sources.set(kind, source)
    },

    /** The guide's open items of every kind (or one), soonest due first. */
    async list(staffId: number, query: TodoListQuery): Promise<Todo[]> {
      const limit = query.limit ?? 50
      const kinds = query.kind ? [query.kind] : [...sources.keys()]
      const found = await Promise.all(kinds.map((kind) => sources.get(kind)?.(staffId, limit) ?? Promise.resolve([])))
      return found
        .flat()
        .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))
        .slice(0, limit)
    },
  }
}

export type TodoService = ReturnType<typeof createTodoService>

declare module 'fastify' {
  interface FastifyInstance {
    todos: TodoService
  }
}

export default fp(
  async (app) => {
    const service = createTodoService()
    app.decorate('todos', service)
    // Follow-up reminders are the first kind: a guide's note with a next-contact time.
    service.registerSource('reminder', async (staffId, limit) =>
      (await app.followUps.reminders(staffId, { limit })).map((reminder) => ({
        kind: 'reminder' as const,
        sourceId: reminder.followUpId,
        title: '跟进提醒',
        detail: reminder.content,
        dueAt: reminder.nextContactAt,
        status: null,
        customer: reminder.customer,
        suggestion: null,
      })),
    )
  },
  { name: 'todos', dependencies: ['follow-ups'] },
)
