import type { SendScriptResponse, TodoList } from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { staffHttp } from '../../../lib/staff-http'

/** Whom the steps are for: the customer of a one-to-one chat, or a customer group. */
export type SopTarget = { kind: 'customer'; externalUserId: string } | { kind: 'group'; chatId: string }

/** The target's due SOP steps: the customer's from the guide's to-do list (kind `sop`), or the group's own. */
export const useSopTodos = (target: SopTarget) => {
  const key = target.kind === 'customer' ? target.externalUserId : target.chatId
  return useRequest(async (signal) => {
    if (target.kind === 'group') return staffHttp.get<TodoList>(`/api/sidebar/group-chats/${encodeURIComponent(target.chatId)}/sop-tasks`, { signal })
    const list = await staffHttp.get<TodoList>('/api/sidebar/todos', { query: { kind: 'sop' }, signal })
    return { items: list.items.filter((todo) => todo.customer.externalUserId === target.externalUserId) }
  }, [target.kind, key])
}

/** The server fills the step's script for its customer, marks the step sent and answers the payload to send. */
export const prepareSopSend = (taskId: number, requestId: string) =>
  staffHttp.post<SendScriptResponse>(`/api/sidebar/sop-tasks/${taskId}/sends`, { requestId })

/** A send is identified by the tap, so a retried request is counted once on the server. */
export const newRequestId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`
