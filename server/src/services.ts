import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import type { Db } from './db'

/**
 * What every service is built from: the data layer, the clock and a logger. A service's own deps
 * extend this with its settings, clients and the other services it calls. Services read time only
 * through `now`, so tests can move it; they write only inside `db.transaction`.
 */
export interface ServiceDeps {
  db: Db
  now: () => Date
  log: FastifyBaseLogger
}

export function serviceDeps(app: FastifyInstance): ServiceDeps {
  return { db: app.db, now: () => app.now(), log: app.log }
}
