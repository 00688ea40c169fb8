// Staff–department rows, written by the directory sync and by ensureStaff for a member met between syncs.
import { eq } from 'drizzle-orm'
import type { WecomMember } from '../clients/wecom-client'
import type { Tx } from '../db'
import { staffDepartments } from '../db/schema'

export interface Membership {
  departmentId: number
  isLeader: boolean
}

/** What user/get says of a member's departments: each department, and whether they lead it. */
export function membershipsOf(member: Pick<WecomMember, 'department' | 'is_leader_in_dept'>): Membership[] {
  const departments = member.department ?? []
  return [...new Set(departments)].map((departmentId) => ({
    departmentId,
    isLeader: departments.some((id, i) => id === departmentId && member.is_leader_in_dept?.[i] === 1),
  }))
}

/** A staff member's departments become exactly these. */
export async function replaceMemberships(tx: Tx, staffId: number, memberships: Membership[]): Promise<void> {
  await tx.delete(staffDepartments).where(eq(staffDepartments.staffId, staffId))
  if (memberships.length > 0) await tx.insert(staffDepartments).values(memberships.map((row) => ({ staffId, ...row })))
}
