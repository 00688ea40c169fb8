// The yardstick for `pnpm bench`: an empty Fastify route in its own process, as the server runs in its own.
import Fastify from 'fastify'

const app = Fastify({ logger: false })
app.get('/', async () => ({ ok: true }))
await app.listen({ port: Number(process.env.PORT ?? 18482), host: '127.0.0.1' })
