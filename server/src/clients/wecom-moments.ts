// WeCom's customer-moment APIs (WeCom docs 95094, 95098, 96351, 96352), typed. Part of the WeCom client
// as `wecom.moments`. A moment task is asynchronous: add_moment_task answers a jobid that
// get_moment_task_result turns into a moment id; each member then publishes it in the client.
import type { CallOptions, TencentReply } from './tencent-client'

type Reply<T> = TencentReply & T
type Call = <T extends TencentReply>(api: string, options?: CallOptions) => Promise<T>

export interface MomentTaskBody {
  text?: { content: string }
  attachments?: (
    | { msgtype: 'image'; image: { media_id: string } }
    | { msgtype: 'video'; video: { media_id: string } }
    | { msgtype: 'link'; link: { title: string; url: string; media_id: string } }
  )[]
  visible_range?: { sender_list?: { user_list: string[] }; external_contact_list?: { tag_list: string[] } }
}

export interface MomentTaskResult {
  /** 1 开始创建, 2 创建中, 3 完成 */
  status: 1 | 2 | 3
  result?: {
    errcode: number
    errmsg: string
    moment_id?: string
    invalid_sender_list?: { user_list?: string[]; department_list?: number[] }
    invalid_external_contact_list?: { tag_list?: string[] }
  }
}

export interface MomentInteractionInfo {
  external_userid?: string
  userid?: string
  create_time: number
}

const post = <T extends TencentReply>(call: Call, api: string, body: unknown) =>
  call<T>(`cgi-bin/externalcontact/${api}`, { method: 'POST', body })

/** Every page of a cursor-paged read, joined. */
async function allPages<T>(read: (cursor: string) => Promise<{ items: T[]; next_cursor?: string }>): Promise<T[]> {
  const all: T[] = []
  let cursor = ''
  do {
    const page = await read(cursor)
    all.push(...page.items)
    cursor = page.next_cursor ?? ''
  } while (cursor)
  return all
}

export function createMomentCalls(call: Call) {
  return {
    /** Media for a moment (upload_attachment, attachment_type 1): images and videos. */
    async uploadAttachment(mediaType: 'image' | 'video', file: { filename: string; contentType: string; bytes: Buffer }): Promise<string> {
      const form = new FormData()
      form.append('media', new Blob([file.bytes], { type: file.contentType }), file.filename)
      const reply = await call<Reply<{ media_id: string }>>('cgi-bin/media/upload_attachment', {
        method: 'POST',
        query: { media_type: mediaType, attachment_type: '1' },
        body: form,
      })
      return reply.media_id
    },

    async addTask(body: MomentTaskBody): Promise<string> {
      return (await post<Reply<{ jobid: string }>>(call, 'add_moment_task', body)).jobid
    },

    taskResult(jobId: string): Promise<MomentTaskResult> {
      return call<Reply<MomentTaskResult>>('cgi-bin/externalcontact/get_moment_task_result', { query: { jobid: jobId } })
    },

    /** Each member's publish status: 0 未发表, 1 已发表. */
    publishStatuses(momentId: string): Promise<{ userid: string; publish_status: number }[]> {
      return allPages(async (cursor) => {
        const reply = await post<Reply<{ task_list: { userid: string; publish_status: number }[]; next_cursor?: string }>>(call, 'get_moment_task', {
          moment_id: momentId,
          cursor,
          limit: 1000,
        })
        return { items: reply.task_list, next_cursor: reply.next_cursor }
      })
    },

    /** The customers who can see a member's published post now (41062 while unpublished). */
    async reached(momentId: string, userId: string): Promise<string[]> {
      const rows = await allPages(async (cursor) => {
        const reply = await post<Reply<{ customer_list: { external_userid: string }[]; next_cursor?: string }>>(call, 'get_moment_send_result', {
          moment_id: momentId,
          userid: userId,
          cursor,
          limit: 5000,
        })
        return { items: reply.customer_list, next_cursor: reply.next_cursor }
      })
      return rows.map((row) => row.external_userid)
    },

    comments(momentId: string, userId: string) {
      return post<Reply<{ comment_list: MomentInteractionInfo[]; like_list: MomentInteractionInfo[] }>>(call, 'get_moment_comments', {
        moment_id: momentId,
        userid: userId,
      })
    },
  }
}
