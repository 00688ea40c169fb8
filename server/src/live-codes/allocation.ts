import type { LiveCodeAllocation } from '@liuliang/shared'

export interface PoolMember {
  staffId: number
  userId: string
  role: 'primary' | 'backup'
  weight: number
  addsToday: number
}

export interface AllocationInput {
  allocation: LiveCodeAllocation
  dailyAddLimit: number | null
  onShift: boolean
  /** the whole pool in its configured order, primaries first */
  members: PoolMember[]
  /** the guide who got the code's latest add, if any */
  lastStaffId: number | null
}

/** Candidates in turn order: starting after the guide who got the latest add. */
function inTurn(candidates: PoolMember[], lastStaffId: number | null): PoolMember[] {
  const after = candidates.findIndex((member) => member.staffId === lastStaffId) + 1
  return [...candidates.slice(after), ...candidates.slice(0, after)]
}

/**
 * The members to configure on the code's WeCom contact way for its next add.
 *
 * WeCom picks on its own among a contact way's members, so the way carries exactly one: the guide
 * whose turn it is. Every add (and every change of pool, limit or shift) moves the turn and pushes
 * the next guide with update_contact_way, which keeps the printed QR code the same. Two scans in
 * the moment before a push lands both reach the earlier guide; each add is recorded against the
 * guide WeCom actually gave it to and counts towards that guide's limit.
 *
 * Primaries take adds while on shift and under the daily limit: in turn (round_robin), or the one
 * furthest below their weighted share of today's adds (weight). Otherwise backups take them in turn,
 * without a limit: they are the overflow. With no backup at all the whole pool stays on the code,
 * since a printed QR code nobody answers loses the customer.
 */
export function nextMembers(input: AllocationInput): string[] {
  const primaries = input.members.filter((member) => member.role === 'primary')
  const underLimit = (member: PoolMember) => input.dailyAddLimit === null || member.addsToday < input.dailyAddLimit
  const turn = input.onShift ? inTurn(primaries, input.lastStaffId).filter(underLimit) : []
  if (turn.length > 0) {
    const share = (member: PoolMember) => member.addsToday / member.weight
    const chosen =
      input.allocation === 'weight'
        ? turn.reduce((best, member) => (share(member) < share(best) ? member : best))
        : (turn[0] as PoolMember)
    return [chosen.userId]
  }
  const backups = input.members.filter((member) => member.role === 'backup')
  const backup = inTurn(backups, input.lastStaffId)[0]
  if (backup) return [backup.userId]
  return primaries.map((member) => member.userId)
}
