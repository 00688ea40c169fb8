// What a guide changes on the 360 view: tags, follow-up notes and reminders, profile fields.
import type {
  CreateFollowUpRequest,
  Customer360Profile,
  CustomerTags,
  FollowUp,
  TagPickerList,
  UpdateCustomerProfileRequest,
  UpdateCustomerTagsRequest,
} from '@liuliang/shared'
import { staffHttp } from '../../../lib/staff-http'
import { customerPath } from './get-customer'

export function getTagGroups(signal?: AbortSignal): Promise<TagPickerList> {
  return staffHttp.get<TagPickerList>('/api/sidebar/tags', { signal })
}

export function updateTags(externalUserId: string, change: UpdateCustomerTagsRequest): Promise<CustomerTags> {
  return staffHttp.request<CustomerTags>('PUT', `${customerPath(externalUserId)}/tags`, { body: change })
}

export function addFollowUp(externalUserId: string, note: CreateFollowUpRequest): Promise<FollowUp> {
  return staffHttp.post<FollowUp>(`${customerPath(externalUserId)}/follow-ups`, note)
}

export function completeReminder(followUpId: number): Promise<FollowUp> {
  return staffHttp.post<FollowUp>(`/api/sidebar/reminders/${followUpId}/done`)
}

export function updateProfile(externalUserId: string, change: UpdateCustomerProfileRequest): Promise<Customer360Profile> {
  return staffHttp.request<Customer360Profile>('PATCH', `${customerPath(externalUserId)}/profile`, { body: change })
}
