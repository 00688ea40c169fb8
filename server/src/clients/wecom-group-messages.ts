// WeCom's customer broadcast APIs (WeCom docs 92135, 93338): create a broadcast for a member to confirm,
// read each member's task and each recipient's result by cursor, remind, cancel. Part of the WeCom client
// as `wecom.groupMessages`.
import type { CallOptions, TencentReply } from './tencent-client'

type Reply<T> = TencentReply & T
type Call = <T extends TencentReply>(api: string, options?: CallOptions) => Promise<T>

export interface GroupMessageBody {
  chat_type: 'single' | 'group'
  external_userid?: string[]
  chat_id_list?: string[]
  sender: string
  text?: { content: string }
  attachments?: Record<string, unknown>[]
}

/** get_groupmsg_send_result: 0 未发送, 1 已发送, 2 not a friend, 3 over the receive rule. */
export interface GroupMessageResult {
  external_userid?: string
  chat_id?: string
  userid: string
  status: 0 | 1 | 2 | 3
  send_time?: number
}

const post = <T extends TencentReply>(call: Call, api: string, body: unknown) =>
  call<T>(`cgi-bin/externalcontact/${api}`, { method: 'POST', body })

/** Every page of a cursor-paged list. */
async function allPages<T>(read: (cursor: string) => Promise<{ items: T[]; next_cursor?: string }>): Promise<T[]> {
  const items: T[] = []
  let cursor = ''
  do {
    const page = await read(cursor)
    items.push(...page.items)
    cursor = page.next_cursor ?? ''
  } while (cursor)
  return items
}

const PAGE = 1000

export function createGroupMessageCalls(call: Call) {
  return {
    async add(body: GroupMessageBody): Promise<{ msgid: string; failList: string[] }> {
      const reply = await post<Reply<{ msgid: string; fail_list?: string[] }>>(call, 'add_msg_template', body)
      return { msgid: reply.msgid, failList: reply.fail_list ?? [] }
    },

    /** Each member's task: status 0 not sent yet, 2 sent (with send_time). */
    tasks: (msgid: string) =>
      allPages(async (cursor) => {
        const reply = await post<Reply<{ task_list: { userid: string; status: number; send_time?: number }[]; next_cursor?: string }>>(
          call,
          'get_groupmsg_task',
          { msgid, limit: PAGE, cursor },
        )
        return { items: reply.task_list, next_cursor: reply.next_cursor }
      }),

    results: (msgid: string, userid: string) =>
      allPages(async (cursor) => {
        const reply = await post<Reply<{ send_list: GroupMessageResult[]; next_cursor?: string }>>(call, 'get_groupmsg_send_result', {
          msgid,
          userid,
          limit: PAGE,
          cursor,
        })
        return { items: reply.send_list, next_cursor: reply.next_cursor }
      }),

    async remind(msgid: string): Promise<void> {
      await post(call, 'remind_groupmsg_send', { msgid })
    },

    async cancel(msgid: string): Promise<void> {
      await post(call, 'cancel_groupmsg_send', { msgid })
    },
  }
}

export type GroupMessageCalls = ReturnType<typeof createGroupMessageCalls>
