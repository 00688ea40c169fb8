// Activities that pair customers up, planned before any customer is written: group-buy groups with
// their members, and distributors with the customers their links bring in.
import { DEFAULT_DISTRIBUTION_SETTINGS } from '@liuliang/shared'
import { DAY, MINUTE } from './calendar'
import type { CampaignPlan } from './catalog'
import { mpUserBy, type Population } from './population'
import type { Random } from '../random'

/** An unpaid member keeps a seat this long (the group-buy service's rule). */
const SEAT_HOLD = 5 * MINUTE

export interface GroupPlan {
  id: number
  campaign: CampaignPlan
  leaderId: number
  openedAt: number
  /** when the leader paid and the group opened */
  leaderPaidAt: number
  deadline: number
  status: 'open' | 'succeeded' | 'failed'
  /** when it filled, or when its deadline failed it */
  closedAt: number | null
  seats: SeatPlan[]
}

export interface SeatPlan {
  group: GroupPlan
  customerId: number
  isLeader: boolean
  joinedAt: number
  paidAt: number
  /** the order, once the customer's pass has written it */
  orderId: number
}

/** Groups in every campaign; each customer takes part in a campaign at most once. */
export function planGroups(campaigns: CampaignPlan[], population: Population, end: number, random: Random): GroupPlan[] {
  const groups: GroupPlan[] = []
  for (const campaign of campaigns) {
    const taken = new Set<number>()
    const live = campaign.endsAt > end
    const count = Math.round(population.size * (live ? 0.002 : 0.006))
    const last = Math.min(campaign.endsAt, end) - 10 * MINUTE
    for (let n = 0; n < count; n++) {
      const openedAt = random.int(campaign.startsAt, last)
      const leaderId = mpUserBy(population, openedAt, random, (id) => !taken.has(id))
      if (leaderId === 0) continue
      taken.add(leaderId)
      const leaderPaidAt = openedAt + random.int(MINUTE / 2, 4 * MINUTE)
      const deadline = leaderPaidAt + campaign.durationMinutes * MINUTE
      const group: GroupPlan = { id: groups.length + 1, campaign, leaderId, openedAt, leaderPaidAt, deadline, status: 'open', closedAt: null, seats: [] }
      group.seats.push({ group, customerId: leaderId, isLeader: true, joinedAt: openedAt, paidAt: leaderPaidAt, orderId: 0 })
      // Most groups fill; the rest gather some members before their deadline.
      const wanted = random.chance(0.62) ? campaign.groupSize - 1 : random.int(0, campaign.groupSize - 2)
      const joinUntil = Math.min(deadline - SEAT_HOLD, campaign.endsAt, end - SEAT_HOLD)
      const joins = Array.from({ length: wanted }, () => random.int(leaderPaidAt + MINUTE, Math.max(leaderPaidAt + MINUTE, joinUntil))).sort((a, b) => a - b)
      for (const joinedAt of joins) {
        if (joinedAt >= joinUntil) break
        const customerId = mpUserBy(population, joinedAt, random, (id) => !taken.has(id))
        if (customerId === 0) continue
        taken.add(customerId)
        group.seats.push({ group, customerId, isLeader: false, joinedAt, paidAt: joinedAt + random.int(MINUTE / 4, SEAT_HOLD - MINUTE), orderId: 0 })
      }
      if (group.seats.length === campaign.groupSize) {
        group.status = 'succeeded'
        group.closedAt = Math.max(...group.seats.map((seat) => seat.paidAt))
      } else if (deadline <= end) {
        group.status = 'failed'
        group.closedAt = deadline
      }
      groups.push(group)
    }
  }
  return groups
}

export interface DistributorPlan {
  id: number
  customerId: number
  code: string
  appliedAt: number
  inviter: DistributorPlan | null
}

export interface BindingPlan {
  distributor: DistributorPlan
  boundAt: number
  expiresAt: number
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
const BINDING = DEFAULT_DISTRIBUTION_SETTINGS.bindingDays * DAY

/**
 * Distributors (auto-approved, as the default setting says), each perhaps brought in by an earlier
 * one, and the customers whose shared links bound them. Bindings last the configured days and
 * a customer binds again only after the last one lapsed.
 */
export function planDistribution(population: Population, end: number, random: Random) {
  const applied: { customerId: number; at: number }[] = []
  for (const id of population.mpUsers) {
    if (!random.chance(0.015)) continue
    const at = (population.mpAt[id] as number) + random.int(1, 120) * DAY
    if (at < end - DAY) applied.push({ customerId: id, at })
  }
  applied.sort((a, b) => a.at - b.at)
  const codes = new Set<string>()
  const distributors: DistributorPlan[] = []
  const byCustomer = new Map<number, DistributorPlan>()
  const bindings = new Map<number, BindingPlan[]>()
  /** the index after the last distributor approved before `at` */
  const approvedBefore = (at: number) => {
    let low = 0
    let high = distributors.length
    while (low < high) {
      const mid = (low + high) >> 1
      if ((distributors[mid] as DistributorPlan).appliedAt < at) low = mid + 1
      else high = mid
    }
    return low
  }
  for (const { customerId, at } of applied) {
    let code = ''
    while (code === '' || codes.has(code)) code = Array.from({ length: 8 }, () => random.pick([...CODE_ALPHABET])).join('')
    codes.add(code)
    // Some were customers of an earlier distributor when they applied: that one is their inviter.
    const boundAt = at - random.int(1, 20) * DAY
    const earlier = approvedBefore(boundAt)
    let inviter: DistributorPlan | null = null
    if (earlier > 0 && boundAt > (population.mpAt[customerId] as number) && random.chance(0.4)) {
      inviter = distributors[random.int(0, earlier - 1)] as DistributorPlan
      bindings.set(customerId, [{ distributor: inviter, boundAt, expiresAt: boundAt + BINDING }])
    }
    const plan = { id: distributors.length + 1, customerId, code, appliedAt: at, inviter }
    distributors.push(plan)
    byCustomer.set(customerId, plan)
  }
  if (distributors.length > 0) {
    for (const id of population.mpUsers) {
      if (byCustomer.has(id) || !random.chance(0.12)) continue
      const episodes: BindingPlan[] = []
      let from = population.mpAt[id] as number
      for (let n = random.int(1, 2); n > 0 && from < end - DAY; n--) {
        const boundAt = random.int(from, end - DAY)
        const known = approvedBefore(boundAt)
        if (known === 0) break
        const distributor = distributors[random.int(0, known - 1)] as DistributorPlan
        episodes.push({ distributor, boundAt, expiresAt: boundAt + BINDING })
        from = boundAt + BINDING
      }
      if (episodes.length > 0) bindings.set(id, episodes)
    }
  }
  return { distributors, byCustomer, bindings }
}

export type DistributionPlan = ReturnType<typeof planDistribution>
