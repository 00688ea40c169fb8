import type {
  AdminDistributorPage,
  AdminGroupbuyCampaignList,
  CreateGroupbuyRequest,
  CreateProductRequest,
  DistributionSettings,
  Distributor,
  DistributorStatus,
  GroupViewPage,
  GroupbuyCampaign,
  Product,
  ProductList,
  UpdateGroupbuyRequest,
  UpdateProductRequest,
} from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'

export const useProducts = () => useRequest((signal) => adminHttp.get<ProductList>('/api/admin/products', { signal }), [])
export const createProduct = (product: CreateProductRequest) => adminHttp.post<Product>('/api/admin/products', product)
export const updateProduct = (id: number, patch: UpdateProductRequest) => adminHttp.request<Product>('PATCH', `/api/admin/products/${id}`, { body: patch })

export const useCampaigns = () => useRequest((signal) => adminHttp.get<AdminGroupbuyCampaignList>('/api/admin/groupbuys', { signal }), [])
export const createCampaign = (campaign: CreateGroupbuyRequest) => adminHttp.post<GroupbuyCampaign>('/api/admin/groupbuys', campaign)
export const updateCampaign = (id: number, patch: UpdateGroupbuyRequest) =>
  adminHttp.request<GroupbuyCampaign>('PATCH', `/api/admin/groupbuys/${id}`, { body: patch })
export const useCampaignGroups = (id: number, cursor: string | null) =>
  useRequest((signal) => adminHttp.get<GroupViewPage>(`/api/admin/groupbuys/${id}/groups`, { query: { cursor: cursor ?? undefined, limit: 10 }, signal }), [id, cursor])

export const useDistributionSettings = () =>
  useRequest((signal) => adminHttp.get<DistributionSettings>('/api/admin/distribution/settings', { signal }), [])
export const saveDistributionSettings = (settings: DistributionSettings) =>
  adminHttp.request<DistributionSettings>('PUT', '/api/admin/distribution/settings', { body: settings })
export const useDistributors = (status: DistributorStatus | '', cursor: string | null) =>
  useRequest(
    (signal) => adminHttp.get<AdminDistributorPage>('/api/admin/distributors', { query: { status: status || undefined, cursor: cursor ?? undefined, limit: 20 }, signal }),
    [status, cursor],
  )
export const decideDistributor = (id: number, approve: boolean) =>
  adminHttp.post<Distributor>(`/api/admin/distributors/${id}/${approve ? 'approve' : 'reject'}`)
