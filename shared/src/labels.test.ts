import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Every module the words-only entry loads at run time (type-only imports are erased).
function runtimeImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen
  seen.add(file)
  const source = readFileSync(file, 'utf8')
  for (const [, typeOnly, from = ''] of source.matchAll(/^(?:import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)) {
    if (typeOnly) continue
    if (from.startsWith('.')) runtimeImports(`${resolve(dirname(file), from)}.ts`, seen)
    else seen.add(from)
  }
  return seen
}

describe('@liuliang/shared/labels', () => {
  it('loads no schema code, so the mini-program may import it', () => {
    const entry = resolve(dirname(fileURLToPath(import.meta.url)), 'labels.ts')
    const loaded = [...runtimeImports(entry)]
    expect(loaded.filter((name) => !name.startsWith('/'))).toEqual([])
  })
})
