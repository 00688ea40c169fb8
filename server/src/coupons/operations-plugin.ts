// Coupon operations on the app: issuing to an audience (`couponBatches`), the claim centre
// (`claimCentre`), in-store redemption (`storeRedemptions`) and usage statistics (`couponStats`).
import fp from 'fastify-plugin'
import { serviceDeps } from '../services'
import { COUPON_BATCH_JOB, createAudienceIssueService, type AudienceIssueService } from './audience-issue-service'
import { createClaimCentreService, type ClaimCentreService } from './claim-centre-service'
import { createCouponStatsService, type CouponStatsService } from './coupon-stats-service'
import { createStoreRedemptionService, type StoreRedemptionService } from './store-redemption-service'

declare module 'fastify' {
  interface FastifyInstance {
    couponBatches: AudienceIssueService
    claimCentre: ClaimCentreService
    storeRedemptions: StoreRedemptionService
    couponStats: CouponStatsService
  }
}

export default fp(
  async (app, { timeZone, codeSecret }: { timeZone: string; codeSecret: string }) => {
    const deps = serviceDeps(app)
    const batches = createAudienceIssueService({
      ...deps,
      coupons: app.coupons,
      settings: app.settings,
      scheduler: app.scheduler,
      countAudience: (filter) => app.audiences.count(filter),
    })
    app.scheduler.define(COUPON_BATCH_JOB, ({ tx, job, now }) => batches.issueChunk(tx, (job.payload as { batchId: number }).batchId, now))
    app.decorate('couponBatches', batches)
    app.decorate('claimCentre', createClaimCentreService({ ...deps, coupons: app.coupons }))
    app.decorate('storeRedemptions', createStoreRedemptionService({ ...deps, codeSecret, timeZone, isFollowedBy: app.customers.isFollowedBy }))
    app.decorate('couponStats', createCouponStatsService(deps))
  },
  { name: 'coupon-operations', dependencies: ['db', 'clock', 'scheduler', 'coupons', 'settings', 'audiences', 'customers'] },
)
