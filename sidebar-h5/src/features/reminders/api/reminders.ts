import type { FollowUp, ReminderList } from '@liuliang/shared'
import { staffHttp } from '../../../lib/staff-http'
import { useRequest } from '../../../lib/use-request'

/** The guide's open reminders across all their customers, soonest first. */
export function useMyReminders() {
  return useRequest((signal) => staffHttp.get<ReminderList>('/api/sidebar/reminders', { signal }), [])
}

export function completeReminder(followUpId: number): Promise<FollowUp> {
  return staffHttp.post<FollowUp>(`/api/sidebar/reminders/${followUpId}/done`)
}
