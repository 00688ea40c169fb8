// WAL checkpoints on a thread of their own, and only there. SQLite otherwise checkpoints inside
// whichever commit fills the log, copying pages into the database file and syncing it while every
// other request on the one connection waits; under load that was most of a value endpoint's time and
// all of its p99.
import { closeSync, openSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * Copies committed pages into the database file without blocking the server's writes (PASSIVE). Under
 * steady writes a passive pass never reaches the end of the log, so the log would only grow. Past the
 * limit the pass raises the gate, which the server's units of work wait at before they begin, and
 * restarts the log (RESTART): it copies only what came in during the passive pass and syncs, and the
 * next commit starts the log over. Without the gate the server's writes, one after another, would
 * never leave it the moment it waits for.
 *
 * SQLite syncs the database file only when a checkpoint has copied the whole log, which under steady
 * writes is the restart alone: it flushed every page copied since the last restart, scattered over
 * the file, 100–150 ms with the gate up on a million customers. Each pass therefore syncs the file
 * itself, through a descriptor the server's thread opens (one a worker opens is closed when it ends),
 * and the restart's sync is left only its own few pages.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { fdatasyncSync } = require('node:fs')
const Database = require(workerData.driver)
const db = new Database(workerData.path)
// How long a restart waits for the unit of work in progress and for readers: the gate is up meanwhile.
db.pragma('busy_timeout = 100')
const gate = new Int32Array(workerData.gate)
let restartFrom = 0
const timer = setInterval(() => {
  try {
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)')
    if (workerData.file !== undefined) fdatasyncSync(workerData.file)
    if (log > workerData.restartAfterPages && Date.now() >= restartFrom) {
      Atomics.store(gate, 0, 1)
      let blocked = 0
      try {
        blocked = db.pragma('wal_checkpoint(RESTART)')[0].busy
      } finally {
        Atomics.store(gate, 0, 0)
      }
      // A reader on an older snapshot (a long read) blocks the restart until it ends; raising the gate
      // again at every pass meanwhile would hold writes for most of its length.
      if (blocked) {
        restartFrom = Date.now() + workerData.retryRestartAfterMs
        parentPort.postMessage({ blocked: true })
      }
    }
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message) })
  }
}, workerData.intervalMs)
parentPort.postMessage({ ready: true })
parentPort.once('message', () => {
  clearInterval(timer)
  db.close()
  parentPort.close()
})
`

export interface Checkpointer {
  /** Settles once the thread has the database open and its passes are timed. */
  ready: Promise<void>
  /** Whether the checkpointer is restarting the log: units of work wait before they begin. */
  holdsWrites(): boolean
  stop(): Promise<void>
  /**
   * Closes the descriptor of the database file the thread syncs through, once every SQLite connection to the file in
   * this process is closed: closing any descriptor of a file drops all of the process's POSIX locks on
   * it, SQLite's among them.
   */
  release(): void
}

export interface CheckpointPace {
  /** how often a pass runs */
  intervalMs: number
  /** log pages left after a passive pass that make it restart the log */
  restartAfterPages: number
  /** how long after a restart a reader or a writer blocked the next is tried */
  retryRestartAfterMs: number
}

export interface CheckpointReports {
  /** a pass that failed; the next pass tries again */
  onError(message: string): void
  /** the thread ended without being asked: nothing checkpoints any more unless the caller takes it over */
  onLost(): void
  /** a restart of the log found a reader or a writer in its way; it is tried again after a while */
  onRestartBlocked?(): void
}

export function startCheckpointer(
  path: string,
  { intervalMs, restartAfterPages, retryRestartAfterMs }: CheckpointPace,
  { onError, onLost, onRestartBlocked }: CheckpointReports,
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const gate = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)
  const raised = new Int32Array(gate)
  let file: number | undefined
  try {
    file = openSync(path, 'r')
  } catch {
    // No file to sync yet: the thread's connection creates it, or fails to and says so.
  }
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, intervalMs, restartAfterPages, retryRestartAfterMs, driver, gate, file } })
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: { ready?: true; error?: string; blocked?: true }) => {
      if (message.ready) resolve()
      else if (message.error) onError(message.error)
      else if (message.blocked) onRestartBlocked?.()
    })
    worker.on('error', (error) => {
      onError(error.message)
      reject(error)
    })
  })
  let stopping = false
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      if (!stopping) {
        // A thread that died mid-restart must not leave the gate up: every write would wait for ever.
        Atomics.store(raised, 0, 0)
        onLost()
      }
      resolve()
    }),
  )
  return {
    ready,
    holdsWrites: () => Atomics.load(raised, 0) === 1,
    async stop() {
      stopping = true
      worker.postMessage('stop')
      await exited
    },
    release() {
      if (file !== undefined) closeSync(file)
      file = undefined
    },
  }
}
