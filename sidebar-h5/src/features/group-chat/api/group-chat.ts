import type { SidebarGroupChat } from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { staffHttp } from '../../../lib/staff-http'

/** The group the sidebar is open in: its profile and the members who are our customers. */
export function useGroupChat(chatId: string) {
  return useRequest(
    (signal) => staffHttp.get<SidebarGroupChat>(`/api/sidebar/group-chats/${encodeURIComponent(chatId)}`, { signal }),
    [chatId],
  )
}
