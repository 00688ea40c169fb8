// The tables services query, in the dialect of the engine this process runs on. Both dialects
// describe the same tables (test/db/schema-engines.test.ts); the types are SQLite's, and the server
// suites run on both engines to hold the PostgreSQL side to them.
import { processDatabaseEngine } from '../env'
import * as postgres from './schema-pg'
import * as sqlite from './schema-sqlite'

const tables = (processDatabaseEngine() === 'postgres' ? postgres : sqlite) as unknown as typeof sqlite

export const {
  accessTokens,
  admins,
  checkins,
  commissions,
  couponTemplates,
  coupons,
  customerFollows,
  customerTags,
  customerTransfers,
  customers,
  distributorAccounts,
  distributors,
  followUps,
  groupbuyCampaigns,
  groupbuyGroups,
  groupbuyMembers,
  liveCodeAdds,
  liveCodeStaff,
  liveCodeTags,
  liveCodes,
  lotteries,
  lotteryDraws,
  lotteryPrizes,
  mallItems,
  mallRedemptions,
  orderItems,
  orderReferrals,
  orders,
  payments,
  pointAccounts,
  pointLedger,
  pointLots,
  products,
  rateLimitWindows,
  referralBindings,
  refunds,
  scheduledJobs,
  scriptCategories,
  scriptSends,
  scripts,
  settings,
  staff,
  staffDepartures,
  tagGroups,
  tagRules,
  tags,
  timelineEvents,
  unassignedCustomers,
  wecomCallbackEvents,
  welcomeMessages,
  welcomeSends,
  withdrawals,
} = tables

export { JOB_STATUSES, LIVE_CODE_ROLES, type PushedContactWay } from './schema-sqlite'
