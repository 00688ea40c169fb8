import type { Customer360, PlaceholderValues, Staff } from '@liuliang/shared'

/** What `{{…}}` in a script shows for this customer, from the same 360 view the server fills from. */
export function placeholderValuesFor(data: Customer360 | null, staff: Pick<Staff, 'name'>): PlaceholderValues {
  const membership = data?.sections.membership
  return {
    customerName: data?.profile.name ?? null,
    staffName: staff.name,
    level: membership?.level.name ?? null,
    points: membership?.points.balance ?? null,
  }
}
