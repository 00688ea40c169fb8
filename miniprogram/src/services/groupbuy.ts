import type { GroupOrderResponse, GroupView, GroupViewPage, GroupbuyCampaignList, GroupbuyDetail } from '@liuliang/shared'
import { http } from './http'

export async function fetchCampaigns(): Promise<GroupbuyCampaignList> {
  return (await http.get<GroupbuyCampaignList>('/api/mp/groupbuys')).data
}

export async function fetchCampaign(id: number): Promise<GroupbuyDetail> {
  return (await http.get<GroupbuyDetail>(`/api/mp/groupbuys/${id}`)).data
}

export async function openGroup(campaignId: number): Promise<GroupOrderResponse> {
  return (await http.post<GroupOrderResponse>(`/api/mp/groupbuys/${campaignId}/groups`)).data
}

export async function fetchGroup(id: number): Promise<GroupView> {
  return (await http.get<GroupView>(`/api/mp/groupbuy-groups/${id}`)).data
}

export async function joinGroup(id: number): Promise<GroupOrderResponse> {
  return (await http.post<GroupOrderResponse>(`/api/mp/groupbuy-groups/${id}/members`)).data
}

export async function fetchMyGroups(): Promise<GroupViewPage> {
  return (await http.get<GroupViewPage>('/api/mp/groupbuy-groups')).data
}
