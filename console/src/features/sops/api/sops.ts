import type { LiveCodeList, ScriptPage, Sop, SopInput, SopList, SopStats, TagPickerList } from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'

export const useSops = () => useRequest((signal) => adminHttp.get<SopList>('/api/admin/sops', { signal }), [])
export const useSopStats = (id: number) => useRequest((signal) => adminHttp.get<SopStats>(`/api/admin/sops/${id}/stats`, { signal }), [id])
export const createSop = (input: SopInput) => adminHttp.post<Sop>('/api/admin/sops', input)
export const replaceSop = (id: number, input: SopInput) => adminHttp.request<Sop>('PUT', `/api/admin/sops/${id}`, { body: input })

/** Every script of the brand's library, a page at a time: a step may send any of them. */
async function everyScript(signal: AbortSignal): Promise<ScriptPage['items']> {
  const scripts: ScriptPage['items'] = []
  let cursor: string | null = null
  do {
    const page: ScriptPage = await adminHttp.get<ScriptPage>('/api/admin/scripts', { query: { limit: 100, cursor }, signal })
    scripts.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return scripts
}

/** What the editor picks from: the brand's scripts, live codes and tags. */
export const useSopChoices = () =>
  useRequest(async (signal) => {
    const [scripts, liveCodes, tags] = await Promise.all([
      everyScript(signal),
      adminHttp.get<LiveCodeList>('/api/admin/live-codes', { signal }),
      adminHttp.get<TagPickerList>('/api/admin/tag-choices', { signal }),
    ])
    return {
      scripts: scripts.map((script) => ({ id: script.id, title: script.title })),
      liveCodes: liveCodes.items.map((code) => ({ id: code.id, name: code.name })),
      tags: tags.groups.flatMap((group) => group.tags.map((tag) => ({ id: tag.id, name: `${group.name} · ${tag.name}` }))),
    }
  }, [])
