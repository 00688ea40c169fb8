// An admin editing corp tags in the WeCom admin console: unlike API calls, these fire
// change_external_tag callbacks (WeCom doc 92130), which is how the server hears of them.
import type { CallbackSender } from './callbacks'
import { requireDelivered, SandboxError } from './contacts'
import type { CorpTags } from './corp-tags'

export type TagConsole = ReturnType<typeof createTagConsole>

export function createTagConsole({ corpTags, callbacks }: { corpTags: CorpTags; callbacks: CallbackSender }) {
  function kindOf(id: string) {
    const kind = corpTags.kindOf(id)
    if (!kind) throw new SandboxError(404, 'TAG_NOT_FOUND', `no live tag or tag group has id ${id}`)
    return kind
  }

  return {
    /** A new tag; in a new group the console reports the group, which comes with its tag. */
    async create(input: { groupName: string; name: string }): Promise<{ groupId: string; tagId: string }> {
      const existed = corpTags.groupNamed(input.groupName) !== undefined
      const group = corpTags.add({ group_name: input.groupName, tag: [{ name: input.name }] })
      const tag = group.tag.find((candidate) => candidate.name === input.name)
      if (!tag) throw new SandboxError(500, 'TAG_NOT_CREATED', 'the tag was not created')
      requireDelivered(
        await (existed
          ? callbacks.sendTagChange('create', tag.id, 'tag')
          : callbacks.sendTagChange('create', group.group_id, 'tag_group')),
      )
      return { groupId: group.group_id, tagId: tag.id }
    },

    async rename(id: string, name: string): Promise<void> {
      const kind = kindOf(id)
      corpTags.edit({ id, name })
      requireDelivered(await callbacks.sendTagChange('update', id, kind))
    },

    /** Deleting a group deletes its tags without events of their own, as in WeCom. */
    async remove(id: string): Promise<void> {
      const kind = kindOf(id)
      corpTags.remove(kind === 'tag_group' ? { group_id: [id] } : { tag_id: [id] })
      requireDelivered(await callbacks.sendTagChange('delete', id, kind))
    },
  }
}
