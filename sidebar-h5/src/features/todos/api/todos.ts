import type { FollowUp, Lead, LeadStatus, TodoList } from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { staffHttp } from '../../../lib/staff-http'

/** The guide's open to-dos of every kind (leads, follow-up reminders…), soonest due first. */
export function useMyTodos() {
  return useRequest((signal) => staffHttp.get<TodoList>('/api/sidebar/todos', { signal }), [])
}

export function completeReminder(followUpId: number): Promise<FollowUp> {
  return staffHttp.post<FollowUp>(`/api/sidebar/reminders/${followUpId}/done`)
}

export function moveLead(leadId: number, status: Exclude<LeadStatus, 'new'>): Promise<Lead> {
  return staffHttp.post<Lead>(`/api/sidebar/leads/${leadId}/status`, { status })
}
