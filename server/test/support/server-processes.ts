// Servers as production runs them: `node server/dist/server.js` in processes of their own, which a test
// can kill -9. Their output is kept for failure messages.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const SERVER_ENTRY = fileURLToPath(new URL('../../dist/server.js', import.meta.url))

export interface ServerProcess {
  name: string
  url: string
  child: ChildProcess
  output: string[]
  exited: Promise<void>
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/** The last lines a process printed, each cut short (stack traces), for a failure message. */
const tail = (output: string[], lines = 40) =>
  output
    .join('')
    .split('\n')
    .slice(-lines)
    .map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line))
    .join('\n')

/** The servers one suite starts; `stopAll` in its afterAll, and a killed vitest worker leaves none behind. */
export function serverProcesses() {
  const servers: ServerProcess[] = []
  const running = (s: ServerProcess) => s.child.exitCode === null && s.child.signalCode === null
  const killAll = () => servers.forEach((s) => running(s) && s.child.kill('SIGKILL'))

  const logs = () =>
    servers.map((s) => `--- server ${s.name} ${s.url} (${s.child.exitCode ?? s.child.signalCode ?? 'running'}) ---\n${tail(s.output)}`).join('\n')

  return {
    servers,
    logs,

    /** Starts a server on a free port and waits for its /healthz; a port taken meanwhile is tried again. */
    async start(name: string, env: (port: number) => NodeJS.ProcessEnv): Promise<ServerProcess> {
      if (!existsSync(SERVER_ENTRY)) {
        throw new Error(`${SERVER_ENTRY} is missing: build the server first (pnpm --filter @liuliang/server run build)`)
      }
      if (servers.length === 0) process.once('exit', killAll)
      for (let attempt = 1; ; attempt++) {
        const port = await freePort()
        const output: string[] = []
        const child = spawn(process.execPath, [SERVER_ENTRY], { env: env(port), stdio: ['ignore', 'pipe', 'pipe'] })
        child.stdout?.on('data', (chunk) => output.push(String(chunk)))
        child.stderr?.on('data', (chunk) => output.push(String(chunk)))
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
        const server: ServerProcess = { name, url: `http://127.0.0.1:${port}`, child, output, exited }
        servers.push(server)
        const deadline = Date.now() + 30_000
        while (Date.now() < deadline && running(server)) {
          try {
            if ((await fetch(`${server.url}/healthz`)).ok) return server
          } catch {
            // not listening yet
          }
          await sleep(100)
        }
        if (child.exitCode === null) child.kill('SIGKILL')
        await exited
        if (attempt < 3 && output.join('').includes('EADDRINUSE')) continue
        throw new Error(`server ${name} did not answer /healthz:\n${logs()}`)
      }
    },

    /** SIGTERM, then SIGKILL for any that do not stop within 10 s. */
    async stopAll(): Promise<void> {
      const stopped = servers.map(async (s) => {
        if (!running(s)) return
        s.child.kill('SIGTERM')
        await Promise.race([s.exited, sleep(10_000)])
        if (running(s)) s.child.kill('SIGKILL')
        await s.exited
      })
      await Promise.allSettled(stopped)
      process.removeListener('exit', killAll)
    },
  }
}
