import fp from 'fastify-plugin'
import { runPeriodically } from '../scheduler/periodic'
import { startCheckpointer } from './checkpointer'
import { openDatabase, type Db, type OpenDatabase } from './index'
import { describeTablesToPlanner } from './sqlite'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    /** the open database: its engine, and raw SQL for health checks and tests */
    database: OpenDatabase
  }
}

/**
 * The checkpointer's pace: a pass every 200 ms keeps each copy small, and the log is started over once
 * it passes 32,000 pages (128 MB). A restart holds writes for the same few tens of milliseconds however
 * long the log, so a longer one holds them less often; reads search only what is not yet copied. A
 * restart a long read blocked is tried again a second later, the log growing meanwhile.
 */
const CHECKPOINT_PACE = { intervalMs: 200, restartAfterPages: 32_000, retryRestartAfterMs: 1000 }

const SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES = 1000

/** How often SQLite's planner statistics are brought up to date as tables grow (SQLite suggests every few hours). */
const PLANNER_STATISTICS_EVERY_MS = 6 * 60 * 60 * 1000

export default fp<{ location: string }>(
  async (app, { location }) => {
    const database = await openDatabase(location)
    app.decorate('db', database.db)
    app.decorate('database', database)
    if (database.sqlite && location !== ':memory:') {
      // A commit never checkpoints: copying and syncing would stall every request on the event loop.
      database.sqlite.pragma('wal_autocheckpoint = 0')
      const writer = database.sqlite
      const checkpointer = startCheckpointer(location, CHECKPOINT_PACE, {
        onError: (message) => app.log.warn({ message }, 'WAL checkpoint failed'),
        onRestartBlocked: () => app.log.debug('WAL restart waits for a reader or a writer; tried again in a second'),
        onLost() {
          // Commits checkpoint again, stalls and all, rather than the log growing until a restart.
          app.log.error('the WAL checkpointer thread ended; commits checkpoint from now on')
          writer.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES}`)
        },
      })
      database.holdWritesWhile?.(checkpointer.holdsWrites)
      // Analysing writes statistics: it takes its turn at the writer as a unit of work does, first at start,
      // before the catch-up's units of work plan their statements.
      runPeriodically(app, {
        name: 'planner statistics',
        everyMs: PLANNER_STATISTICS_EVERY_MS,
        atStart: true,
        work: () => database.db.transaction(async () => describeTablesToPlanner(writer)),
      })
      app.addHook('onClose', async () => {
        await checkpointer.stop()
        await database.close()
        checkpointer.release()
      })
      await checkpointer.ready
    } else {
      app.addHook('onClose', async () => database.close())
    }
  },
  { name: 'db' },
)
