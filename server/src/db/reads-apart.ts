// Long reads on threads of their own. better-sqlite3 answers on the thread that asks, and every request
// of the server is answered on one: a report over every customer or every order (the dashboard, an RFM
// suggestion) held all of them for as long as it read, seconds on a million customers.
// Such a read is run by a read-only connection on a worker thread instead, and the server's thread goes
// on answering meanwhile. It sees committed data only, as the server's own reader does.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** How far below the requests' thread long reads run (a nice value): a report yields the cores to requests. */
const READS_NICENESS = 10

/** Reads running at once: a short one need not wait behind a long one, and the requests' thread keeps a core. */
const READING_THREADS = 2

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
// Linux keeps a priority per thread and names the thread's own id in /proc/thread-self; elsewhere the
// thread reads at the process's priority.
try {
  require('node:os').setPriority(Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop()), workerData.niceness)
} catch {}
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
    parentPort.postMessage({ rows: db.prepare(message.text).all(message.params) })
  } catch (error) {
    parentPort.postMessage({ error: { message: String(error && error.message), code: error && error.code } })
  }
})
`

export interface ReadsApart {
  /** The rows of a statement with `?` placeholders, as better-sqlite3's `all` gives them. */
  all<T>(text: string, params: unknown[]): Promise<T[]>
  stop(): Promise<void>
}

interface Read {
  text: string
  params: unknown[]
  resolve(rows: unknown[]): void
  reject(error: Error): void
}

interface Thread {
  worker: Worker
  reading: Read | null
  exited: Promise<void>
}

/**
 * Up to `threads` reads run at once, each thread reading one at a time, so a short read (a name searched
 * for in the console) is not queued behind a long one (a year's dashboard). A thread starts when a read finds none
 * free, so a server that never asks for one runs none. `pragmas` set each connection up as the server's
 * own are.
 */
export function readsApart(path: string, pragmas: string[], threads = READING_THREADS): ReadsApart {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const running = new Set<Thread>()
  const free: Thread[] = []
  const queued: Read[] = []
  const unanswered = new Set<Promise<unknown>>()

  const hand = (thread: Thread, read: Read) => {
    thread.reading = read
    // Kept alive while it reads; idle, it does not hold a process that is done otherwise.
    thread.worker.ref()
    thread.worker.postMessage({ text: read.text, params: read.params })
  }

  const next = () => {
    while (queued.length > 0) {
      const thread = free.pop() ?? (running.size < threads ? start() : undefined)
      if (!thread) return
      hand(thread, queued.shift() as Read)
    }
  }

  const start = (): Thread => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, pragmas, niceness: READS_NICENESS } })
    const thread: Thread = { worker, reading: null, exited: Promise.resolve() }
    running.add(thread)
    worker.on('message', (message: { rows?: unknown[]; error?: { message: string; code?: string } }) => {
      const read = thread.reading
      if (!read) return
      thread.reading = null
      worker.unref()
      free.push(thread)
      if (message.error) read.reject(Object.assign(new Error(message.error.message), { code: message.error.code }))
      else read.resolve(message.rows ?? [])
      next()
    })
    worker.on('error', (error) => thread.reading?.reject(error))
    thread.exited = new Promise((resolve) =>
      worker.once('exit', () => {
        // Another thread, or a new one, takes the next read; the one in flight hears why its thread ended.
        running.delete(thread)
        if (free.includes(thread)) free.splice(free.indexOf(thread), 1)
        thread.reading?.reject(new Error('the thread for long reads ended'))
        thread.reading = null
        resolve()
        next()
      }),
    )
    return thread
  }

  return {
    all<T>(text: string, params: unknown[]): Promise<T[]> {
      const answered = new Promise<T[]>((resolve, reject) => {
        queued.push({ text, params, resolve: resolve as (rows: unknown[]) => void, reject })
        next()
      })
      const settled = answered.catch(() => undefined).finally(() => unanswered.delete(settled))
      unanswered.add(settled)
      return answered
    },
    async stop() {
      // What was asked before the stop is answered first.
      while (unanswered.size > 0) await Promise.all(unanswered)
      const stopping = [...running]
      running.clear()
      free.length = 0
      for (const thread of stopping) {
        // An idle thread is let go; held again until it has closed, or the stop's await is all that is left.
        thread.worker.ref()
        thread.worker.postMessage('stop')
      }
      await Promise.all(stopping.map((thread) => thread.exited))
    },
  }
}
