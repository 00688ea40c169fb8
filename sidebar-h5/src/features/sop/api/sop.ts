import type { SendScriptResponse, TodoList } from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { staffHttp } from '../../../lib/staff-http'

/** The guide's due SOP steps (kind `sop` of the to-do list). */
export const useSopTodos = () => useRequest((signal) => staffHttp.get<TodoList>('/api/sidebar/todos', { query: { kind: 'sop' }, signal }), [])

/** The server fills the step's script for its customer, marks the step sent and answers the payload to send. */
export const prepareSopSend = (taskId: number, requestId: string) =>
  staffHttp.post<SendScriptResponse>(`/api/sidebar/sop-tasks/${taskId}/sends`, { requestId })

/** A send is identified by the tap, so a retried request is counted once on the server. */
export const newRequestId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`
