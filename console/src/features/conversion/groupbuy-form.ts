import { CreateGroupbuyRequestSchema, UpdateGroupbuyRequestSchema, groupPriceProblem, groupStockProblem, type GroupbuyCampaign } from '@liuliang/shared'
import { fromDateTimeInput, toDateTimeInput } from '../../lib/datetime-input'
import { checkAll, fenIn, integerIn, type Check } from '../../lib/form-checks'
import { yuan } from './money'

/** A new campaign as typed: the group price in yuan, times as datetime-local values (blank: no limit). */
export interface GroupbuyForm {
  productId: string
  groupSize: string
  price: string
  durationMinutes: string
  stock: string
  perUserLimit: string
  startsAt: string
  endsAt: string
}

export const BLANK_GROUPBUY: GroupbuyForm = { productId: '', groupSize: '3', price: '', durationMinutes: '1440', stock: '', perUserLimit: '1', startsAt: '', endsAt: '' }

/** What a running campaign still lets one change: the price (yuan) only until the first group starts. */
export interface CampaignEdit {
  price: string
  stock: string
  endsAt: string
}

export const campaignEditOf = (campaign: GroupbuyCampaign): CampaignEdit => ({
  price: yuan(campaign.priceFen),
  stock: String(campaign.stock),
  endsAt: campaign.endsAt ? toDateTimeInput(campaign.endsAt) : '',
})

function instantOrNull(label: string, text: string): Check<string | null> {
  if (text === '') return { ok: true, value: null }
  const value = fromDateTimeInput(text)
  return value ? { ok: true, value } : { ok: false, problem: `${label}不是有效的时间` }
}

// The server's own wording for a window that ends before it starts.
const windowProblem = (startsAt: string | null, endsAt: string | null) => (startsAt && endsAt && endsAt <= startsAt ? '结束时间必须晚于开始时间' : null)

const problemsOf = (...found: (string | null)[]) => found.filter((problem) => problem !== null)

const create = CreateGroupbuyRequestSchema.properties

export function checkGroupbuy(form: GroupbuyForm) {
  const checked = checkAll({
    productId: form.productId === '' ? { ok: false, problem: '请选择商品' } : { ok: true, value: Number(form.productId) },
    groupSize: integerIn('成团人数', form.groupSize, create.groupSize),
    priceFen: fenIn('拼团价', form.price, create.priceFen),
    durationMinutes: integerIn('成团时限（分钟）', form.durationMinutes, create.durationMinutes),
    stock: integerIn('活动库存', form.stock, create.stock),
    perUserLimit: integerIn('每人限购', form.perUserLimit, create.perUserLimit),
    startsAt: instantOrNull('开始时间', form.startsAt),
    endsAt: instantOrNull('结束时间', form.endsAt),
  })
  if (!checked.ok) return checked
  const problems = problemsOf(groupStockProblem(checked.value.stock, checked.value.groupSize), windowProblem(checked.value.startsAt, checked.value.endsAt))
  if (problems.length > 0) return { ok: false as const, problems }
  const { startsAt, endsAt, ...rest } = checked.value
  return { ok: true as const, value: { ...rest, ...(startsAt ? { startsAt } : {}), ...(endsAt ? { endsAt } : {}) } }
}

export function checkCampaignEdit(edit: CampaignEdit, campaign: Pick<GroupbuyCampaign, 'startsAt' | 'originalPriceFen'>) {
  const checked = checkAll({
    priceFen: fenIn('拼团价', edit.price, UpdateGroupbuyRequestSchema.properties.priceFen),
    stock: integerIn('活动库存', edit.stock, UpdateGroupbuyRequestSchema.properties.stock),
    endsAt: instantOrNull('结束时间', edit.endsAt),
  })
  if (!checked.ok) return checked
  const problems = problemsOf(groupPriceProblem(checked.value.priceFen, campaign.originalPriceFen), windowProblem(campaign.startsAt, checked.value.endsAt))
  return problems.length > 0 ? { ok: false as const, problems } : checked
}
