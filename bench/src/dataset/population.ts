// Who the customers are, decided before anything is written: when each joined, through which door
// (WeCom, mini-program), which guide follows them. Later phases pair customers up (group members,
// distributors and the customers they bring in), so they need all of this at hand.
import { DAY } from './calendar'
import { CHANNELS, GUIDES } from './catalog'
import type { Random } from '../random'

export const FOLLOW = { none: 0, active: 1, lost: 2, removed: 3 } as const

export interface Population {
  size: number
  createdAt: Float64Array
  /** 0 for customers who never used the mini-program */
  mpAt: Float64Array
  guide: Uint8Array
  follow: Uint8Array
  endedAt: Float64Array
  /** live-code channel of the first add, 0 for none */
  channel: Uint8Array
  /** a second guide who also follows them, 0 for none */
  secondGuide: Uint8Array
  /** mini-program users, in id order */
  mpUsers: Int32Array
}

export function planPopulation(size: number, start: number, end: number, random: Random): Population {
  const span = end - start
  const p: Population = {
    size,
    createdAt: new Float64Array(size + 1),
    mpAt: new Float64Array(size + 1),
    guide: new Uint8Array(size + 1),
    follow: new Uint8Array(size + 1),
    endedAt: new Float64Array(size + 1),
    channel: new Uint8Array(size + 1),
    secondGuide: new Uint8Array(size + 1),
    mpUsers: new Int32Array(0),
  }
  const mpUsers: number[] = []
  for (let id = 1; id <= size; id++) {
    // Customers join over two years, more of them recently.
    const createdAt = start + Math.floor(span * Math.sqrt((id - 0.5) / size) * 0.999)
    p.createdAt[id] = createdAt
    const wecom = random.chance(0.8)
    // Half the WeCom contacts open the mini-program within a month; the rest came through it.
    const mpAt = !wecom ? createdAt : random.chance(0.5) ? createdAt + random.int(0, 30) * DAY + random.int(0, DAY - 1) : 0
    if (mpAt && mpAt < end) {
      p.mpAt[id] = mpAt
      mpUsers.push(id)
    }
    if (!wecom) continue
    const guide = 1 + random.skewed(GUIDES, 0.8)
    p.guide[id] = guide
    const roll = random.next()
    p.follow[id] = roll < 0.08 ? FOLLOW.lost : roll < 0.1 ? FOLLOW.removed : FOLLOW.active
    p.endedAt[id] = p.follow[id] === FOLLOW.active ? 0 : Math.min(end - 60_000, createdAt + random.int(1, 200) * DAY)
    p.channel[id] = random.chance(0.6) ? 1 + random.skewed(CHANNELS) : 0
    if (random.chance(0.1)) p.secondGuide[id] = 1 + ((guide - 1 + random.int(1, GUIDES - 1)) % GUIDES)
  }
  p.mpUsers = Int32Array.from(mpUsers)
  return p
}

/** A random mini-program user who had registered by `at`, or 0 after a few misses (early on there are few). */
export function mpUserBy(population: Population, at: number, random: Random, accept: (id: number) => boolean = () => true): number {
  for (let attempt = 0; attempt < 20; attempt++) {
    const id = population.mpUsers[random.int(0, population.mpUsers.length - 1)] as number
    if ((population.mpAt[id] as number) < at && accept(id)) return id
  }
  return 0
}
