import type {
  CreateFollowUpRequest,
  Customer360Profile,
  CustomerTags,
  FollowUp,
  FollowUpPage,
  TagPickerList,
  TimelinePage,
  UpdateCustomerProfileRequest,
  UpdateCustomerTagsRequest,
} from '@liuliang/shared'

/**
 * The guide in the chat and the calls that change this customer, already bound to them: the view
 * knows no API, so either app can show it.
 */
export interface Customer360Guide {
  userId: string
  loadTagGroups: (signal: AbortSignal) => Promise<TagPickerList>
  updateTags: (change: UpdateCustomerTagsRequest) => Promise<CustomerTags>
  addFollowUp: (note: CreateFollowUpRequest) => Promise<FollowUp>
  completeReminder: (followUpId: number) => Promise<FollowUp>
  updateProfile: (change: UpdateCustomerProfileRequest) => Promise<Customer360Profile>
}

/** Where the view's further pages come from (the guide's API or the console's), and who may edit. */
export interface Customer360Source {
  loadTimelinePage: (cursor: string) => Promise<TimelinePage>
  loadFollowUpPage: (cursor: string) => Promise<FollowUpPage>
  /** The guide in the chat edits tags, notes, reminders and profile; without it the view only reads. */
  guide?: Customer360Guide
}
