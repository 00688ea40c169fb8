// An account limited to departments (a store manager) sees the customers that the guides of those
// departments, sub-departments included, follow or once followed: a store keeps seeing who it lost.
import fp from 'fastify-plugin'
import { and, eq, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import { first } from '../db'
import { customerFollows, customers } from '../db/schema'
import type { DepartmentService } from '../departments/department-service'
import { serviceDeps, type ServiceDeps } from '../services'
import type { AdminAccess } from '../admins/admin-service'

export interface CustomerScopeDeps extends ServiceDeps {
  departments: Pick<DepartmentService, 'staffIdsInDepartments'>
}

/** Customers followed, now or before, by one of these guides: a condition on a column holding customer ids. */
export const customersOfStaff = (staffIds: readonly number[], customerId: AnyColumn | SQL = customers.id): SQL =>
  sql`${customerId} in (select ${customerFollows.customerId} from ${customerFollows} where ${inArray(customerFollows.staffId, [...staffIds])})`

export function createCustomerScopeService({ db, departments }: CustomerScopeDeps) {
  /** The guides whose customers the account may see; null: the whole brand. */
  const staffOf = async (access: AdminAccess): Promise<number[] | null> =>
    access.departmentIds.length > 0 ? departments.staffIdsInDepartments(access.departmentIds) : null

  return {
    staffOf,

    /** The account's customers as a condition over `customers`; undefined: every customer. */
    async condition(access: AdminAccess): Promise<SQL | undefined> {
      const staffIds = await staffOf(access)
      return staffIds ? customersOfStaff(staffIds) : undefined
    },

    async includes(access: AdminAccess, customerId: number): Promise<boolean> {
      const staffIds = await staffOf(access)
      if (!staffIds) return true
      if (staffIds.length === 0) return false
      const follow = await first(
        db
          .select({ id: customerFollows.customerId })
          .from(customerFollows)
          .where(and(eq(customerFollows.customerId, customerId), inArray(customerFollows.staffId, staffIds)))
          .limit(1),
      )
      return follow !== undefined
    },
  }
}

export type CustomerScopeService = ReturnType<typeof createCustomerScopeService>

declare module 'fastify' {
  interface FastifyInstance {
    customerScopes: CustomerScopeService
  }
}

export default fp(
  async (app) => {
    app.decorate('customerScopes', createCustomerScopeService({ ...serviceDeps(app), departments: app.departments }))
  },
  { name: 'customer-scopes', dependencies: ['db', 'clock', 'departments'] },
)
