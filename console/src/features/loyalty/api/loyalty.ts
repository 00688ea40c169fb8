import type {
  AdjustPointsRequest,
  AdminRedemptionPage,
  Redemption,
  AdminPointsEntry,
  CheckInSettings,
  CouponTemplate,
  CouponTemplateList,
  CreateCouponTemplateRequest,
  Customer360,
  CustomerMatches,
  CustomerPage,
  CreateMallItemRequest,
  LevelSettings,
  MallItem,
  MallItemList,
  UpdateCouponTemplateRequest,
  UpdateMallItemRequest,
} from '@liuliang/shared'
import { isMainlandMobile } from '@liuliang/shared'
import { ApiError } from '@liuliang/ui/http'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'

export const useCheckinRules = () => useRequest((signal) => adminHttp.get<CheckInSettings>('/api/admin/loyalty/checkin-rules', { signal }), [])
export const saveCheckinRules = (rules: CheckInSettings) =>
  adminHttp.request<CheckInSettings>('PUT', '/api/admin/loyalty/checkin-rules', { body: rules })

export const useLevels = () => useRequest((signal) => adminHttp.get<LevelSettings>('/api/admin/loyalty/levels', { signal }), [])
export const saveLevels = (levels: LevelSettings) => adminHttp.request<LevelSettings>('PUT', '/api/admin/loyalty/levels', { body: levels })

export const useCouponTemplates = () =>
  useRequest((signal) => adminHttp.get<CouponTemplateList>('/api/admin/coupon-templates', { signal }), [])
export const createCouponTemplate = (template: CreateCouponTemplateRequest) =>
  adminHttp.post<CouponTemplate>('/api/admin/coupon-templates', template)
export const updateCouponTemplate = (id: number, patch: UpdateCouponTemplateRequest) =>
  adminHttp.request<CouponTemplate>('PATCH', `/api/admin/coupon-templates/${id}`, { body: patch })

export const useMallItems = () => useRequest((signal) => adminHttp.get<MallItemList>('/api/admin/mall/items', { signal }), [])
export const createMallItem = (item: CreateMallItemRequest) => adminHttp.post<MallItem>('/api/admin/mall/items', item)
export const updateMallItem = (id: number, patch: UpdateMallItemRequest) =>
  adminHttp.request<MallItem>('PATCH', `/api/admin/mall/items/${id}`, { body: patch })

export const useAwaitingShipment = () =>
  useRequest((signal) => adminHttp.get<AdminRedemptionPage>('/api/admin/mall/redemptions', { query: { status: 'awaiting_shipment', limit: 100 }, signal }), [])
export const shipRedemption = (id: number, trackingNo: string) =>
  adminHttp.post<Redemption>(`/api/admin/mall/redemptions/${id}/ship`, { trackingNo })

/** `key` is made once per form submission, so a retried request adjusts once. */
export const adjustPoints = (customerId: number, change: AdjustPointsRequest, key: string) =>
  adminHttp.post<AdminPointsEntry>(`/api/admin/customers/${customerId}/points`, change, { headers: { 'Idempotency-Key': key } })

/** A customer as a search lists them. */
export interface CustomerChoice {
  id: number
  name: string | null
  avatarUrl: string | null
}

/** What an admin checks before adjusting someone's points. */
export interface CustomerPreview extends CustomerChoice {
  phoneMasked: string | null
  balance: number
}

export async function previewCustomer(id: number): Promise<CustomerPreview> {
  const { profile, sections } = await adminHttp.get<Customer360>(`/api/admin/customers/${id}`)
  const { name, avatarUrl, phoneMasked } = profile
  return { id: profile.id, name, avatarUrl, phoneMasked, balance: sections.membership?.points.balance ?? 0 }
}

/**
 * Customers whose name contains the text; a whole mobile number finds whoever has it, and other digits
 * are also tried as a customer number.
 */
export async function findCustomers(text: string): Promise<CustomerChoice[]> {
  if (isMainlandMobile(text)) {
    const { items } = await adminHttp.get<CustomerMatches>('/api/admin/customers/by-phone', { query: { phone: text } })
    return items.map(({ id, name, avatarUrl }) => ({ id, name, avatarUrl }))
  }
  const byName = adminHttp.post<CustomerPage>('/api/admin/audiences/customers', { filter: { nameContains: text }, limit: 8 })
  const byNumber = /^\d{1,9}$/.test(text)
    ? previewCustomer(Number(text)).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return null
        throw error
      })
    : Promise.resolve(null)
  const [named, numbered] = await Promise.all([byName, byNumber])
  const choices = named.items.map(({ id, name, avatarUrl }) => ({ id, name, avatarUrl }))
  return numbered ? [numbered, ...choices.filter((choice) => choice.id !== numbered.id)] : choices
}
