import fp from 'fastify-plugin'
import { serviceDeps } from '../services'
import { runPeriodically } from './periodic'
import { createScheduler, JOBS_PER_ROUND, type Scheduler } from './scheduler'

declare module 'fastify' {
  interface FastifyInstance {
    scheduler: Scheduler
  }
}

/**
 * The scheduler, ticking every `intervalMs` while the server runs (0: only when runDue is called). The
 * first tick is at start: jobs that fell due while no server ran (a deploy, an outage) run at once.
 * Servers starting together are safe, as each job is claimed.
 */
export default fp<{ intervalMs: number }>(
  async (app, { intervalMs }) => {
    const scheduler = createScheduler(serviceDeps(app))
    app.decorate('scheduler', scheduler)
    // A backlog (jobs that fell due while no server ran) is worked through round after round, not a tick apart.
    runPeriodically(app, {
      name: 'scheduler tick',
      everyMs: intervalMs,
      atStart: true,
      work: () => scheduler.runDue(),
      moreDue: (taken) => taken === JOBS_PER_ROUND,
    })
  },
  { name: 'scheduler', dependencies: ['db', 'clock'] },
)
