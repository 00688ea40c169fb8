// In-store redemption (核销): each coupon has a code its owner shows (digits and a QR code); a guide
// enters or scans it, and the coupon is marked used by that guide in that store, exactly once. The code
// is the coupon's id followed by check digits keyed with the server's secret, so it needs no column and
// cannot be guessed from another coupon's code.
import { createHmac, timingSafeEqual } from 'node:crypto'
import QRCode from 'qrcode'
import { and, eq, gt } from 'drizzle-orm'
import { businessDateTime, type MyCouponDetail, type StoreCoupon } from '@liuliang/shared'
import { first, type DbOrTx } from '../db'
import { MAX_ID } from '../db/paging'
import { couponStoreRedemptions, coupons, customers, staff } from '../db/schema'
import { conflict, forbidden, notFound } from '../errors'
import type { ServiceDeps } from '../services'
import { recordTimelineEvent } from '../timeline/record'
import { toCoupon } from './coupon-service'

const CHECK_DIGITS = 8

type CouponRow = typeof coupons.$inferSelect
type Guide = { id: number; name: string; isAdmin: boolean }

export interface StoreRedemptionDeps extends ServiceDeps {
  codeSecret: string
  timeZone: string
  /** whether the guide currently follows the customer (their own customer) */
  isFollowedBy: (customerId: number, staffId: number) => Promise<boolean>
}

export function createStoreRedemptionService({ db, now, codeSecret, timeZone, isFollowedBy }: StoreRedemptionDeps) {
  const checkOf = (couponId: number) =>
    String(createHmac('sha256', codeSecret).update(`coupon:${couponId}`).digest().readUInt32BE(0) % 10 ** CHECK_DIGITS).padStart(CHECK_DIGITS, '0')

  /** Grouped by four, as people read a code aloud. */
  const codeOf = (couponId: number) => `${couponId}${checkOf(couponId)}`.replace(/(\d{4})(?=\d)/g, '$1 ')

  const couponIdOf = (code: string): number | null => {
    const digits = code.replace(/ /g, '')
    if (digits.length <= CHECK_DIGITS) return null
    const id = Number(digits.slice(0, -CHECK_DIGITS))
    if (!Number.isSafeInteger(id) || id < 1 || id > MAX_ID) return null
    const given = Buffer.from(digits.slice(-CHECK_DIGITS))
    return timingSafeEqual(given, Buffer.from(checkOf(id))) ? id : null
  }

  const invalidCode = () => notFound('REDEMPTION_CODE_INVALID', '核销码无效，请核对后重新输入')

  /** The coupon a code names, with its owner. */
  const lookUp = async (tx: DbOrTx, code: string) => {
    const couponId = couponIdOf(code)
    if (couponId === null) throw invalidCode()
    const found = await first(
      tx
        .select({ coupon: coupons, customer: { id: customers.id, name: customers.name, avatarUrl: customers.avatarUrl } })
        .from(coupons)
        .innerJoin(customers, eq(customers.id, coupons.customerId))
        .where(eq(coupons.id, couponId)),
    )
    if (!found) throw invalidCode()
    return found
  }

  const redemptionOf = async (tx: DbOrTx, couponId: number) =>
    first(
      tx
        .select({ staffName: staff.name, store: couponStoreRedemptions.store, redeemedAt: couponStoreRedemptions.redeemedAt })
        .from(couponStoreRedemptions)
        .innerJoin(staff, eq(staff.id, couponStoreRedemptions.staffId))
        .where(eq(couponStoreRedemptions.couponId, couponId)),
    )

  const view = async (tx: DbOrTx, coupon: CouponRow, customer: StoreCoupon['customer'], at: Date): Promise<StoreCoupon> => {
    const redemption = await redemptionOf(tx, coupon.id)
    return {
      coupon: toCoupon(coupon, at),
      customer,
      redemption: redemption ? { ...redemption, redeemedAt: redemption.redeemedAt.toISOString() } : null,
    }
  }

  const mayServe = async (guide: Guide, customerId: number) => {
    if (!guide.isAdmin && !(await isFollowedBy(customerId, guide.id))) {
      throw forbidden('CUSTOMER_NOT_FOLLOWED', '这张券的主人不是你的客户，不能核销')
    }
  }

  /** Why a coupon a guide looked up cannot be redeemed now, in the words the sidebar shows. */
  const refusal = (result: StoreCoupon) => {
    if (result.redemption) {
      const where = result.redemption.store ? `（${result.redemption.store}）` : ''
      return conflict('COUPON_ALREADY_REDEEMED', `已核销：${result.redemption.staffName}${where}已于 ${businessDateTime(new Date(result.redemption.redeemedAt), timeZone)} 核销这张券`)
    }
    if (result.coupon.status === 'used') return conflict('COUPON_ALREADY_REDEEMED', '已核销：这张券已经用过了')
    if (result.coupon.status === 'expired') return conflict('COUPON_EXPIRED', '这张券已过期')
    return null
  }

  return {
    codeOf,

    /** The owner's coupon with its code and the code's QR image. */
    async detailFor(customerId: number, couponId: number): Promise<MyCouponDetail> {
      const row = await first(db.select().from(coupons).where(and(eq(coupons.id, couponId), eq(coupons.customerId, customerId))))
      if (!row) throw notFound('COUPON_NOT_FOUND', '没有这张优惠券')
      const redemptionCode = codeOf(row.id)
      const redemptionQr = await QRCode.toDataURL(redemptionCode.replace(/ /g, ''), { margin: 1, width: 240 })
      return { ...toCoupon(row, now()), redemptionCode, redemptionQr }
    },

    /** What a guide sees after entering a code, before confirming. */
    async preview(guide: Guide, code: string): Promise<StoreCoupon> {
      const { coupon, customer } = await lookUp(db, code)
      await mayServe(guide, customer.id)
      return view(db, coupon, customer, now())
    },

    /**
     * Marks the coupon used in store by this guide: only an available, unexpired coupon of one of their
     * customers, and only once — a second submission is refused with who redeemed it, and when.
     */
    async redeem(guide: Guide, code: string, store?: string): Promise<StoreCoupon> {
      const at = now()
      const { customer } = await lookUp(db, code)
      await mayServe(guide, customer.id)
      return db.transaction(async (tx) => {
        const { coupon } = await lookUp(tx, code)
        const [used] = await tx
          .update(coupons)
          .set({ status: 'used', usedAt: at, usedOrderRef: null })
          .where(and(eq(coupons.id, coupon.id), eq(coupons.status, 'available'), gt(coupons.validUntil, at)))
          .returning()
        if (!used) throw refusal(await view(tx, coupon, customer, at)) ?? conflict('COUPON_NOT_USABLE', '这张券不能核销')
        await tx.insert(couponStoreRedemptions).values({ couponId: used.id, staffId: guide.id, store: store ?? null, redeemedAt: at })
        await recordTimelineEvent(tx, {
          customerId: used.customerId,
          type: 'coupon_used',
          staffId: guide.id,
          occurredAt: at,
          data: { couponId: used.id, name: used.name, channel: 'store', store: store ?? null },
        })
        return view(tx, used, customer, at)
      })
    },
  }
}

export type StoreRedemptionService = ReturnType<typeof createStoreRedemptionService>
