// `as const` lists and plain types of the shop: the mini-program imports these without a schema compiler.

/** Where a home-page banner leads. */
export const BANNER_LINK_TYPES = ['none', 'product', 'category'] as const
export type BannerLinkType = (typeof BANNER_LINK_TYPES)[number]

/** One spec option of a SKU, in the product's spec order: 颜色 = 红色. */
export interface SkuOption {
  name: string
  value: string
}

/** How the server ships an order: the consignee as the customer saved it at checkout. */
export interface AddressSnapshot {
  name: string
  phone: string
  region: string
  detail: string
}
