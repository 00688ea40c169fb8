import type { MpFissionActivity, MpFissionActivityList, MpFissionPoster } from '@liuliang/shared'
import { http } from './http'

export async function fetchFissionActivities(): Promise<MpFissionActivityList> {
  return (await http.get<MpFissionActivityList>('/api/mp/fission-activities')).data
}

export async function fetchFissionActivity(id: number): Promise<MpFissionActivity> {
  return (await http.get<MpFissionActivity>(`/api/mp/fission-activities/${id}`)).data
}

/** Joins (again answers the same): my own code for my poster. */
export async function joinFission(id: number): Promise<MpFissionActivity> {
  return (await http.post<MpFissionActivity>(`/api/mp/fission-activities/${id}/participation`)).data
}

/** Opens a poster, mine or a friend's, which the activity counts as a view. */
export async function viewPoster(code: string): Promise<MpFissionPoster> {
  return (await http.post<MpFissionPoster>(`/api/mp/fission-posters/${encodeURIComponent(code)}/views`)).data
}
