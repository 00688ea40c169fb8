import { closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const CHUNK = Buffer.alloc(4 * 2 ** 20)

/**
 * Reads the database's files once, start to end, so that the load after it finds them in the OS page
 * cache, as on a server whose memory holds its database. These virtual machines page out file pages not
 * read for a minute (DAMON's proactive reclaim) while most of their memory is free, and a load of
 * random customers then waited on the disk for the pages the runs before had not happened to read.
 * Answers the bytes read.
 */
export function readIntoPageCache(paths: string[]): number {
  let bytes = 0
  for (const path of paths) {
    const stat = statSync(path, { throwIfNoEntry: false })
    if (!stat) continue
    if (stat.isDirectory()) {
      bytes += readIntoPageCache(readdirSync(path).map((name) => join(path, name)))
      continue
    }
    if (!stat.isFile()) continue
    const fd = openSync(path, 'r')
    try {
      for (let read = readSync(fd, CHUNK); read > 0; read = readSync(fd, CHUNK)) bytes += read
    } finally {
      closeSync(fd)
    }
  }
  return bytes
}
