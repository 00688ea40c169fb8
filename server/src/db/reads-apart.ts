// Long reads on a thread of their own. better-sqlite3 answers on the thread that asks, and every request
// of the server is answered on one: a report over every customer or every order (the dashboard, an RFM
// suggestion) held all of them for as long as it read, seconds on a million customers.
// Such a read is run by a read-only connection on a worker thread instead, and the server's thread goes
// on answering meanwhile. It sees committed data only, as the server's own reader does.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path, { readonly: true })
db.pragma('busy_timeout = 5000')
for (const pragma of workerData.pragmas) db.pragma(pragma)
parentPort.on('message', (message) => {
  if (message === 'stop') {
    db.close()
    parentPort.close()
    return
  }
  try {
    parentPort.postMessage({ id: message.id, rows: db.prepare(message.text).all(message.params) })
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { message: String(error && error.message), code: error && error.code } })
  }
})
`

export interface ReadsApart {
  /** The rows of a statement with `?` placeholders, as better-sqlite3's `all` gives them. */
  all<T>(text: string, params: unknown[]): Promise<T[]>
  stop(): Promise<void>
}

interface Pending {
  resolve(rows: unknown[]): void
  reject(error: Error): void
}

/**
 * The thread starts with the first read, so a server that never asks for one runs no thread. `pragmas`
 * set its connection up as the server's own are.
 */
export function readsApart(path: string, pragmas: string[]): ReadsApart {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  let worker: Worker | null = null
  let exited: Promise<void> = Promise.resolve()
  let next = 0
  const pending = new Map<number, Pending>()

  const failAll = (error: Error) => {
    for (const waiting of pending.values()) waiting.reject(error)
    pending.clear()
  }

  const start = (): Worker => {
    const thread = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, pragmas } })
    thread.on('message', (message: { id: number; rows?: unknown[]; error?: { message: string; code?: string } }) => {
      const waiting = pending.get(message.id)
      if (!waiting) return
      pending.delete(message.id)
      if (pending.size === 0) thread.unref()
      if (message.error) waiting.reject(Object.assign(new Error(message.error.message), { code: message.error.code }))
      else waiting.resolve(message.rows ?? [])
    })
    thread.on('error', (error) => failAll(error))
    exited = new Promise((resolve) =>
      thread.once('exit', () => {
        // The next read starts a new thread; those in flight hear why theirs ended.
        if (worker === thread) worker = null
        failAll(new Error('the thread for long reads ended'))
        resolve()
      }),
    )
    return thread
  }

  return {
    all<T>(text: string, params: unknown[]): Promise<T[]> {
      worker ??= start()
      const id = next++
      const thread = worker
      return new Promise<T[]>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (rows: unknown[]) => void, reject })
        // Kept alive while it reads; idle, it does not hold a process that is done otherwise.
        thread.ref()
        thread.postMessage({ id, text, params })
      })
    },
    async stop() {
      const thread = worker
      worker = null
      if (!thread) return
      // An idle thread is let go; held again until it has closed, or the stop's await is all that is left.
      thread.ref()
      thread.postMessage('stop')
      await exited
    },
  }
}
