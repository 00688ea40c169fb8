import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyInstance {
    /** The current instant; services read time only through this, so it can be injected. */
    now(): Date
  }
}

export default fp<{ now: () => Date }>(
  async (app, { now }) => {
    app.decorate('now', now)
  },
  { name: 'clock' },
)
