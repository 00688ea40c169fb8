import type { FollowUp, ReminderList } from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { staffHttp } from '../../../lib/staff-http'

/** The guide's open reminders across all their customers, soonest first. */
export function useMyReminders() {
  return useRequest((signal) => staffHttp.get<ReminderList>('/api/sidebar/reminders', { signal }), [])
}

export function completeReminder(followUpId: number): Promise<FollowUp> {
  return staffHttp.post<FollowUp>(`/api/sidebar/reminders/${followUpId}/done`)
}
