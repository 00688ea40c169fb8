// `npm start`: install, build, start the sandbox and the server with a demo database, seed it,
// and print where everything is. Ctrl-C stops both.
import { spawn } from 'node:child_process'
import { buildEnv, installAndBuild, root, run, step } from './lib/workspace.mjs'

installAndBuild()

const env = buildEnv({
  PORT: process.env.PORT ?? '8080',
  SANDBOX_PORT: process.env.SANDBOX_PORT ?? '8081',
  HOST: process.env.HOST ?? '127.0.0.1',
  // Request logs would bury the addresses printed below; LOG_LEVEL=info shows them.
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  INIT_CWD: root,
})
const host = env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST
const serverUrl = `http://${host}:${env.PORT}`
const sandboxUrl = `http://${host}:${env.SANDBOX_PORT}`

const children = []
function startProcess(name, script) {
  const child = spawn(process.execPath, ['--enable-source-maps', script], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] })
  child.on('exit', (code, signal) => {
    if (stopping) return
    process.stderr.write(`${name} stopped (${signal ?? `exit code ${code}`}); stopping everything.\n`)
    stop(1)
  })
  children.push(child)
}

let stopping = false
function stop(code = 0) {
  stopping = true
  for (const child of children) child.kill('SIGTERM')
  process.exitCode = code
}
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))

async function waitFor(url) {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${url} did not answer within 30 s`)
}

step('Starting the Tencent sandbox and the server')
startProcess('sandbox', 'sandbox/dist/sandbox.js')
startProcess('server', 'server/dist/server.js')
try {
  await waitFor(`${sandboxUrl}/sandbox/healthz`)
  await waitFor(`${serverUrl}/healthz`)
  step('Seeding demo data (idempotent)')
  run(process.execPath, ['seed/dist/seed.js'], { env })
} catch (error) {
  process.stderr.write(`${error.message}\n`)
  stop(1)
}

if (!stopping) {
  process.stdout.write(`
\u001b[32m留量 Liuliang is running with demo data.\u001b[0m

  管理后台 Admin console     ${serverUrl}/admin/        login: ${env.ADMIN_USERNAME ?? 'admin'} / ${env.ADMIN_PASSWORD ?? 'liuliang123'}
  导购侧边栏 Sidebar         ${serverUrl}/sidebar/      pick a guide: guide_li, guide_wang, guide_zhao, admin_chen (sees all)
  小程序 H5 preview          ${serverUrl}/mp/           pick a consumer: alice, bob, carol, dave
  OpenAPI docs               ${serverUrl}/docs
  Tencent sandbox            ${sandboxUrl}/sandbox/healthz
  Database                   ${root}data/liuliang.db

  Weapp build for WeChat DevTools: open project.config.json at the repository root.
  Press Ctrl-C to stop.
`)
}
