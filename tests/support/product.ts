// Starts the product as `npm start` does — the sandbox from sandbox/dist, the server from server/dist,
// the demo seed from seed/dist — on free ports, with a temporary data folder.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

export interface Product {
  serverUrl: string
  sandboxUrl: string
  dataDir: string
  env: NodeJS.ProcessEnv
  /** Runs the demo seeder to completion and returns what it printed. */
  seed(): string
  stop(): Promise<void>
}

async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited early:\n${output()}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150))
  }
  throw new Error(`${url} did not answer:\n${output()}`)
}

/** Runs a built entry (`server/dist/server.js`) to completion. */
export function runEntry(script: string, env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [join(repoRoot, script)], { env, encoding: 'utf8', timeout: 200_000 })
}

/**
 * Starts the product. A port found free can be taken by another suite before our process binds it;
 * then the start is tried again on fresh ports rather than failing the suite.
 */
export async function startProduct(extraEnv: Record<string, string> = {}): Promise<Product> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchProduct(extraEnv)
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('EADDRINUSE')) throw error
    }
  }
}

async function launchProduct(extraEnv: Record<string, string>): Promise<Product> {
  const dataDir = mkdtempSync(join(tmpdir(), 'liuliang-e2e-'))
  // A fixed PORT is honoured: the weapp build has its API address compiled in.
  const port = extraEnv.PORT ? Number(extraEnv.PORT) : await freePort()
  const sandboxPort = await freePort()
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    INIT_CWD: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    SANDBOX_PORT: String(sandboxPort),
    DATABASE_PATH: join(dataDir, 'liuliang.db'),
    SANDBOX_STATE_PATH: join(dataDir, 'sandbox-state.json'),
    ...extraEnv,
  }
  const children: ChildProcess[] = []
  const logs: string[] = []
  const start = (script: string) => {
    const child = spawn(process.execPath, [join(repoRoot, script)], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout?.on('data', (chunk) => logs.push(String(chunk)))
    child.stderr?.on('data', (chunk) => logs.push(String(chunk)))
    children.push(child)
    return child
  }
  const serverUrl = `http://127.0.0.1:${port}`
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve()
            child.once('exit', () => resolve())
            child.kill('SIGTERM')
          }),
      ),
    )
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    await waitFor(`${sandboxUrl}/sandbox/healthz`, start('sandbox/dist/sandbox.js'), () => logs.join(''))
    await waitFor(`${serverUrl}/healthz`, start('server/dist/server.js'), () => logs.join(''))
  } catch (error) {
    await stop()
    throw error
  }

  return {
    serverUrl,
    sandboxUrl,
    dataDir,
    env,
    seed() {
      const result = runEntry('seed/dist/seed.js', env)
      if (result.status !== 0) throw new Error(`seed failed:\n${result.stdout}\n${result.stderr}`)
      return result.stdout
    },
    stop,
  }
}
