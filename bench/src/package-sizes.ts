import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

function folderBytes(dir: string, skip: Set<string> = new Set()): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (skip.has(path)) continue
    total += entry.isDirectory() ? folderBytes(path, skip) : statSync(path).size
  }
  return total
}

/** The weapp main package is everything outside the subpackage roots that app.json declares. */
export function weappSizes(weappDir: string): { mainBytes: number; totalBytes: number } | null {
  const appJson = join(weappDir, 'app.json')
  if (!existsSync(appJson)) return null
  const app = JSON.parse(readFileSync(appJson, 'utf8')) as { subPackages?: { root: string }[]; subpackages?: { root: string }[] }
  const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => join(weappDir, p.root.replace(/\/$/, '')))
  return { mainBytes: folderBytes(weappDir, new Set(roots)), totalBytes: folderBytes(weappDir) }
}

/** Gzipped bytes of the scripts the sidebar's index.html loads before anything else. */
export function sidebarInitialJsGzip(sidebarDir: string): number | null {
  const index = join(sidebarDir, 'index.html')
  if (!existsSync(index)) return null
  const html = readFileSync(index, 'utf8')
  const scripts = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/sidebar\/([^"]+\.js)"/g)].map((m) => m[1] as string)
  return scripts.reduce((sum, file) => sum + gzipSync(readFileSync(join(sidebarDir, file))).length, 0)
}
