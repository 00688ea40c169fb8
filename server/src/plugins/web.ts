import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fp from 'fastify-plugin'
import fastifyStatic from '@fastify/static'

/** Where each built front end is served; a part that has not been built is skipped with a warning. */
const SITES = [
  { prefix: '/sidebar/', dir: 'sidebar-h5/dist' },
  { prefix: '/admin/', dir: 'console/dist' },
  { prefix: '/mp/', dir: 'miniprogram/dist/h5' },
] as const

/** The brand's mark in browser tabs: browsers ask the site's root for it, whichever front end is open. */
const FAVICON = 'ui/assets/favicon.png'
const FAVICON_MAX_AGE_SECONDS = 24 * 3600

const indexOf = (repoRoot: string, site: (typeof SITES)[number]) => join(repoRoot, site.dir, 'index.html')

/**
 * The content-security-policy sources of the inline scripts in the built pages (as 'sha256-…'), read
 * at start: a page rebuilt with a different inline script needs a restart.
 */
export function inlineScriptSources(repoRoot: string): string[] {
  const sources = new Set<string>()
  for (const site of SITES) {
    const index = indexOf(repoRoot, site)
    if (!existsSync(index)) continue
    for (const [, script] of readFileSync(index, 'utf8').matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
      if (script?.trim()) sources.add(`'sha256-${createHash('sha256').update(script).digest('base64')}'`)
    }
  }
  return [...sources]
}

export default fp(
  async (app, { repoRoot }: { repoRoot: string }) => {
    if (existsSync(join(repoRoot, FAVICON))) {
      const favicon = readFileSync(join(repoRoot, FAVICON))
      app.get('/favicon.ico', { schema: { hide: true } }, (_request, reply) =>
        reply.type('image/png').header('cache-control', `public, max-age=${FAVICON_MAX_AGE_SECONDS}`).send(favicon),
      )
    }
    let first = true
    for (const site of SITES) {
      const root = join(repoRoot, site.dir)
      if (!existsSync(indexOf(repoRoot, site))) {
        app.log.warn(`${site.dir} is not built; ${site.prefix} is not served (run pnpm build)`)
        continue
      }
      // Hashed assets never change; index.html must be revalidated so a new build is picked up.
      await app.register(fastifyStatic, {
        root,
        prefix: site.prefix,
        decorateReply: first,
        setHeaders: (res, path) => {
          res.header('cache-control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable')
        },
      })
      first = false
    }
  },
  { name: 'web' },
)
