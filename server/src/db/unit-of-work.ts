// Which unit of work the running code belongs to, followed through awaits and timers. Both engines
// use it to refuse a statement that would run outside the unit it belongs in, and to start work
// that must wait for the unit's commit.
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Tx } from './index'

interface Unit {
  /** the database the unit runs on: a process may hold several (tests, the copy command) */
  database: symbol
  afterCommit: (() => void)[]
  /** writes sent without waiting for their answers, oldest first, not yet looked at */
  unawaited: Promise<unknown>[]
}

const units = new AsyncLocalStorage<Unit>()

/**
 * Checks run before a prepared statement on a handle: a statement prepared once is not prepared again,
 * where the connection's own checks would run.
 */
export const statementGuards = new WeakMap<object, () => void>()

/** Whether the running code is inside a unit of work on `database`. */
export function insideUnitOfWork(database: symbol): boolean {
  return units.getStore()?.database === database
}

/**
 * Runs `body` as a unit of work on `database`. Once it has returned and `committed` has settled (the
 * engine's commit, when `body` does not commit itself), what it left for after the commit starts.
 */
export async function runUnitOfWork<T>(database: symbol, body: () => Promise<T>, committed?: () => Promise<void>): Promise<T> {
  if (insideUnitOfWork(database)) throw new Error('a unit of work cannot open another; pass its tx instead')
  const unit: Unit = { database, afterCommit: [], unawaited: [] }
  const result = await units.run(unit, body)
  await committed?.()
  // Started outside the unit's context, so the work is not taken for part of a unit that has ended.
  for (const task of unit.afterCommit) units.exit(() => setImmediate(task))
  return result
}

/** A check that the first unit of work started in its scope makes, as the unit's first statement. */
interface FirstUnitCheck {
  check: (tx?: Tx) => Promise<void>
  made?: Promise<void>
  /** the scope has ended: work it left running (a task after a commit) starts units of its own */
  over?: boolean
}

const firstUnitChecks = new AsyncLocalStorage<FirstUnitCheck>()

/**
 * Runs `body` with `check` made by the first unit of work it starts, as that unit's first statement:
 * on PostgreSQL it goes with the unit's BEGIN and first reads instead of taking a round trip before
 * them. The unit commits only once the check has passed, and fails with the check's error whatever
 * its own outcome. A body that starts no unit has the check made after it, on the database. Either
 * way `body`'s outcome counts only once the check has passed; what `body` reads before its unit is
 * read unchecked, so it must neither change anything nor answer before then.
 */
export async function checkedByFirstUnit<T>(check: (tx?: Tx) => Promise<void>, body: () => Promise<T>): Promise<T> {
  const pending: FirstUnitCheck = { check }
  const [outcome] = await Promise.allSettled([firstUnitChecks.run(pending, body)])
  pending.over = true
  await (pending.made ??= check())
  if (outcome.status === 'rejected') throw outcome.reason
  return outcome.value
}

/** A unit's `work`, made to send the pending check of its scope first and to wait for it before it ends. */
export function withFirstUnitCheck<T>(work: (tx: Tx) => Promise<T>): (tx: Tx) => Promise<T> {
  const pending = firstUnitChecks.getStore()
  if (!pending || pending.over) return work
  return async (tx) => {
    // A unit run again (PostgreSQL's retry) or a later unit of the scope waits for the check already made.
    const made = (pending.made ??= pending.check(tx))
    const [outcome, checked] = await Promise.allSettled([work(tx), made])
    if (checked.status === 'rejected') throw checked.reason
    if (outcome.status === 'rejected') throw outcome.reason
    return outcome.value
  }
}

/** Runs `task` outside whatever unit of work the calling code belongs to. */
export function outsideUnitsOfWork<T>(task: () => T): T {
  return units.exit(task)
}

/**
 * Runs `task` once the current unit of work has committed (never, if it rolls back), outside it: for
 * calls to Tencent or the payment provider, and reactions of other domains that must not undo the
 * change. Outside a unit of work it runs on the next turn.
 */
export function afterCommit(task: () => void): void {
  const unit = units.getStore()
  if (unit) unit.afterCommit.push(task)
  else setImmediate(task)
}

/**
 * Runs part of a unit of work that may fail on its own (a savepoint): when it throws, the work it left for after
 * the commit is dropped with its changes, so nothing is announced of a change that was rolled back.
 */
export async function withOwnAfterCommit<T>(body: () => Promise<T>): Promise<T> {
  const unit = units.getStore()
  const mark = unit?.afterCommit.length ?? 0
  try {
    return await body()
  } catch (error) {
    if (unit) unit.afterCommit.length = mark
    throw error
  }
}

/**
 * Sends a write of the unit of work without waiting for its answer: on PostgreSQL it travels with the
 * statements after it instead of taking a round trip of its own. Only for writes nothing in the unit
 * reads the answer of; the write is handed back for reading after the unit has ended. The savepoint
 * or unit it ran in looks at its answer before it ends, and fails with its error.
 */
export function withoutWaiting<T>(write: Promise<T>): Promise<T> {
  const unit = units.getStore()
  if (!unit) throw new Error('a write without waiting belongs to a unit of work')
  // Looked at by the unit before it ends; until then a failure is not an unhandled one.
  write.catch(() => undefined)
  unit.unawaited.push(write)
  return write
}

/** Where a savepoint's writes sent without waiting start among the unit's. */
export function unawaitedMark(): number {
  return units.getStore()?.unawaited.length ?? 0
}

/**
 * Waits for the writes sent without waiting since `mark` and takes them off the unit's list; answers
 * the first one's failure, if any failed.
 */
export async function unawaitedWritesDone(mark = 0): Promise<{ error: unknown } | undefined> {
  const writes = units.getStore()?.unawaited.splice(mark) ?? []
  for (const outcome of await Promise.allSettled(writes)) if (outcome.status === 'rejected') return { error: outcome.reason }
  return undefined
}

/**
 * Runs a savepoint's `work` between `open` and `release` or `rollback`, the writes it sent without
 * waiting answered before it is released: one that failed rolls the savepoint back like an error of its own.
 */
export async function inSavepoint<T>(
  work: () => Promise<T>,
  statements: { open(): Promise<unknown>; release(): Promise<unknown>; rollback(): Promise<unknown> },
): Promise<T> {
  await statements.open()
  const mark = unawaitedMark()
  try {
    const result = await work()
    const failed = await unawaitedWritesDone(mark)
    if (failed) throw failed.error
    await statements.release()
    return result
  } catch (error) {
    // A write sent before the error may have failed first; the statements after it then only saw an aborted transaction.
    const failed = await unawaitedWritesDone(mark)
    await statements.rollback()
    throw failed ? failed.error : error
  }
}
