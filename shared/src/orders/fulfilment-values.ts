// Shipping and after-sales words and rules as plain `as const` lists and functions: the mini-program and
// the console import them without a schema compiler, and the server checks the same rules.

/** The carriers an admin picks from when shipping, in the order offered; 其他 asks for the carrier's name. */
export const CARRIER_CODES = ['SF', 'JD', 'ZTO', 'YTO', 'STO', 'YUNDA', 'JTSD', 'EMS', 'DBL', 'OTHER'] as const
export type CarrierCode = (typeof CARRIER_CODES)[number]
export const CARRIER_NAMES: Record<CarrierCode, string> = {
  SF: '顺丰速运',
  JD: '京东物流',
  ZTO: '中通快递',
  YTO: '圆通速递',
  STO: '申通快递',
  YUNDA: '韵达快递',
  JTSD: '极兔速递',
  EMS: '中国邮政 EMS',
  DBL: '德邦快递',
  OTHER: '其他',
}

/** Waybill numbers as the carriers print them; a carrier not listed takes 6–30 letters and digits. */
const WAYBILL_PATTERNS: Partial<Record<CarrierCode, { pattern: RegExp; hint: string }>> = {
  SF: { pattern: /^SF\d{12,13}$/, hint: '顺丰单号为 SF 加 12–13 位数字' },
  JD: { pattern: /^JD[A-Z0-9]{11,13}$/, hint: '京东单号为 JD 加 11–13 位字母或数字' },
  ZTO: { pattern: /^\d{12,15}$/, hint: '中通单号为 12–15 位数字' },
  YTO: { pattern: /^YT\d{13,15}$/, hint: '圆通单号为 YT 加 13–15 位数字' },
  STO: { pattern: /^\d{12,15}$/, hint: '申通单号为 12–15 位数字' },
  YUNDA: { pattern: /^\d{13,15}$/, hint: '韵达单号为 13–15 位数字' },
  JTSD: { pattern: /^JT\d{13}$/, hint: '极兔单号为 JT 加 13 位数字' },
  EMS: { pattern: /^([A-Z]{2}\d{9}[A-Z]{2}|\d{13})$/, hint: 'EMS 单号为 13 位数字，或 2 位字母 + 9 位数字 + 2 位字母' },
  DBL: { pattern: /^(DPK\d{12}|\d{8,12})$/, hint: '德邦单号为 DPK 加 12 位数字，或 8–12 位数字' },
}
const ANY_WAYBILL = /^[A-Za-z0-9]{6,30}$/

/** Why a shipment cannot be recorded as given (carrier, its name for 其他, waybill number); null when it can. */
export function shipmentProblem(carrier: CarrierCode, trackingNo: string, carrierName?: string | null): string | null {
  if (carrier === 'OTHER' && !carrierName?.trim()) return '选择「其他」时请填写快递公司名称'
  const rule = WAYBILL_PATTERNS[carrier]
  if (rule && !rule.pattern.test(trackingNo)) return `快递单号格式不正确：${rule.hint}`
  if (!ANY_WAYBILL.test(trackingNo)) return '快递单号格式不正确：应为 6–30 位字母或数字'
  return null
}

/** The carrier as people read it: its name, or the one typed for 其他. */
export function carrierLabel(carrier: CarrierCode, carrierName?: string | null): string {
  return carrier === 'OTHER' ? carrierName?.trim() || CARRIER_NAMES.OTHER : CARRIER_NAMES[carrier]
}

/** pending: sent (again) until WeChat Pay confirms; failed: refused for good, or given up on — an admin returns the money another way. */
export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const
export type RefundStatus = (typeof REFUND_STATUSES)[number]

/** Refund only (goods kept or never shipped), or the goods come back and then the money. */
export const AFTER_SALE_KINDS = ['refund_only', 'return_refund'] as const
export type AfterSaleKind = (typeof AFTER_SALE_KINDS)[number]
export const AFTER_SALE_KIND_LABELS: Record<AfterSaleKind, string> = { refund_only: '仅退款', return_refund: '退货退款' }

/** pending → approved (the refund is sent) or rejected (with the reason the customer reads). */
export const AFTER_SALE_STATUSES = ['pending', 'approved', 'rejected'] as const
export type AfterSaleStatus = (typeof AFTER_SALE_STATUSES)[number]
export const AFTER_SALE_STATUS_LABELS: Record<AfterSaleStatus, string> = { pending: '待审核', approved: '已同意', rejected: '已拒绝' }

/** The order list's strip: each tab is a set of orders the customer and the console filter by. */
export const ORDER_TABS = ['unpaid', 'to_ship', 'to_receive', 'completed', 'after_sales'] as const
export type OrderTab = (typeof ORDER_TABS)[number]
export const ORDER_TAB_LABELS: Record<OrderTab, string> = {
  unpaid: '待付款',
  to_ship: '待发货',
  to_receive: '待收货',
  completed: '已完成',
  after_sales: '售后',
}

/** Fulfilment rules an admin sets; the defaults below. */
export interface FulfilmentSettings {
  /** a shipped order the customer does not confirm completes this many days after shipping */
  autoCompleteDays: number
  /** after completing, the customer may still ask for after-sales this many days */
  afterSalesDays: number
}
export const DEFAULT_FULFILMENT_SETTINGS: FulfilmentSettings = { autoCompleteDays: 7, afterSalesDays: 7 }
