import type { Customer360Source } from '@liuliang/ui/customer-360'
import { addFollowUp, completeReminder, getTagGroups, updateProfile, updateTags } from './edit-customer'
import { getFollowUpPage, getTimelinePage } from './get-customer'

/** The guide in the chat: pages from the sidebar API, and everything on the view editable. */
export function guideSource(externalUserId: string, userId: string): Customer360Source {
  return {
    loadTimelinePage: (cursor) => getTimelinePage(externalUserId, cursor),
    loadFollowUpPage: (cursor) => getFollowUpPage(externalUserId, cursor),
    guide: {
      userId,
      loadTagGroups: getTagGroups,
      updateTags: (change) => updateTags(externalUserId, change),
      addFollowUp: (note) => addFollowUp(externalUserId, note),
      completeReminder,
      updateProfile: (change) => updateProfile(externalUserId, change),
    },
  }
}

/** The same pages with nothing editable: a department leader reading a team member's customer. */
export function readOnly({ guide: _guide, ...source }: Customer360Source): Customer360Source {
  return source
}
