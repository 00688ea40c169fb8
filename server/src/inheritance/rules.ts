// What stands in the way of handing a customer over, decided before WeCom is asked so an admin sees
// every refusal with its reason (and, for the 90-day rule, the date it lifts). Pure: the service
// gathers the facts.
import {
  ON_JOB_REPEAT_WINDOW_DAYS,
  ON_JOB_REPEATS_IN_WINDOW,
  TRANSFER_BLOCK_LABELS,
  type TransferBlock,
  type TransferKind,
} from '@liuliang/shared'

const DAY_MS = 24 * 3600 * 1000
export const REPEAT_WINDOW_MS = ON_JOB_REPEAT_WINDOW_DAYS * DAY_MS

export interface CustomerFacts {
  externalUserId: string | null
  /** the handover guide follows them now (on the job), or has them on the unassigned list (resigned) */
  withHandover: boolean
  inTransfer: boolean
  /** when on-the-job transfers that WeCom accepted started, within the 90-day window */
  recentOnJobTransfers: Date[]
}

export interface Block {
  reason: TransferBlock
  nextEligibleAt: Date | null
}

/** The first thing that stands in the way, or null when the customer can be handed over now. */
export function blockFor(kind: TransferKind, facts: CustomerFacts, now: Date): Block | null {
  if (!facts.externalUserId) return { reason: 'unknown_customer', nextEligibleAt: null }
  if (!facts.withHandover) return { reason: kind === 'on_job' ? 'not_followed' : 'not_unassigned', nextEligibleAt: null }
  if (facts.inTransfer) return { reason: 'in_transfer', nextEligibleAt: null }
  if (kind === 'on_job') {
    const within = facts.recentOnJobTransfers
      .filter((at) => at.getTime() > now.getTime() - REPEAT_WINDOW_MS)
      .sort((a, b) => b.getTime() - a.getTime())
    // Allowed again once fewer than two fall within the window: 90 days after the second newest.
    const limiting = within[ON_JOB_REPEATS_IN_WINDOW - 1]
    if (limiting) return { reason: 'too_frequent', nextEligibleAt: new Date(limiting.getTime() + REPEAT_WINDOW_MS) }
  }
  return null
}

/** The words an admin reads; the 90-day rule names the day it lifts, in the brand's calendar. */
export function explainBlock(block: Block, formatDay: (at: Date) => string): string {
  const base = TRANSFER_BLOCK_LABELS[block.reason]
  return block.nextEligibleAt ? `${base}，${formatDay(block.nextEligibleAt)}起可再次转接` : base
}

/** WeCom's per-customer errcodes, as our reasons. */
const ERRCODE_BLOCKS: Record<number, TransferBlock> = {
  40096: 'unknown_customer',
  40099: 'takeover_full',
  40100: 'in_transfer',
  40128: 'too_frequent',
  40129: 'in_transfer',
  40130: 'same_guide',
  40131: 'not_followed',
}

export const blockForErrcode = (errcode: number): TransferBlock => ERRCODE_BLOCKS[errcode] ?? 'wecom_refused'
