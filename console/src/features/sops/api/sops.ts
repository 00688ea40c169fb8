import type { LiveCodeList, Script, Sop, SopInput, SopList, SopStats, TagPickerList } from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'
import { everyPage } from '../../../lib/every-page'

export const useSops = () => useRequest((signal) => adminHttp.get<SopList>('/api/admin/sops', { signal }), [])
export const useSopStats = (id: number) => useRequest((signal) => adminHttp.get<SopStats>(`/api/admin/sops/${id}/stats`, { signal }), [id])
export const createSop = (input: SopInput) => adminHttp.post<Sop>('/api/admin/sops', input)
export const replaceSop = (id: number, input: SopInput) => adminHttp.request<Sop>('PUT', `/api/admin/sops/${id}`, { body: input })

/** What the editor picks from: the brand's scripts, live codes and tags. */
export const useSopChoices = () =>
  useRequest(async (signal) => {
    const [scripts, liveCodes, tags] = await Promise.all([
      // A step may send any script of the library.
      everyPage<Script>('/api/admin/scripts', signal),
      adminHttp.get<LiveCodeList>('/api/admin/live-codes', { signal }),
      adminHttp.get<TagPickerList>('/api/admin/tag-choices', { signal }),
    ])
    return {
      scripts: scripts.map((script) => ({ id: script.id, title: script.title })),
      liveCodes: liveCodes.items.map((code) => ({ id: code.id, name: code.name })),
      tags: tags.groups.flatMap((group) => group.tags.map((tag) => ({ id: tag.id, name: `${group.name} · ${tag.name}` }))),
    }
  }, [])
