// Customer moments (客户朋友圈): the console creates a moment task through add_moment_task, whose job
// becomes a moment id; each guide in its range must publish it in WeCom's client (until then WeCom's
// reads answer 41062). A sync reads who published, the customers each post reaches, and the likes and
// comments; guides who have not published get an app-message reminder. WeCom calls stay outside the
// units of work: each read is made first, then written in one transaction.
import { and, asc, count, desc, eq, gte, inArray, sql } from 'drizzle-orm'
import {
  momentContentProblem,
  type CreateMomentRequest,
  type MomentAttachmentKind,
  type MomentContent,
  type MomentInteractionPage,
  type MomentPageQuery,
  type MomentPerson,
  type MomentReachPage,
  type MomentTaskDetail,
  type MomentTaskListQuery,
  type MomentTaskPage,
  type MomentTaskSummary,
  type RemindMomentResponse,
  NO_CUSTOMER,
  type Todo,
} from '@liuliang/shared'
import { downloadMedia } from '../clients/media-download'
import { TencentApiError } from '../clients/tencent-client'
import type { MomentInteractionInfo, MomentTaskBody } from '../clients/wecom-moments'
import type { WecomClient } from '../clients/wecom-client'
import { first, rowsChanged, type DbOrTx } from '../db'
import { cursorBefore, pageOf } from '../db/paging'
import { customers, momentInteractions, momentPosts, momentReach, momentTasks, staff, tags } from '../db/schema'
import { AppError, badRequest, foundOr404, refuseIf } from '../errors'
import type { ServiceDeps } from '../services'

type TaskRow = typeof momentTasks.$inferSelect

/** WeCom keeps a jobid for 24 hours; moments older than this are no longer synced on the timer. */
const SYNC_WINDOW_MS = 30 * 24 * 3600 * 1000
/** get_moment_* answers 41062 until the member has published. */
const NOT_PUBLISHED = 41062
/** A guide who has not published a day after the task was created is reminded once by the timer. */
const AUTO_REMIND_AFTER_MS = 24 * 3600 * 1000

export interface MomentDeps extends ServiceDeps {
  wecom: WecomClient
}

const mediaUnavailable = (detail: string) => new AppError(400, 'MOMENT_MEDIA_UNAVAILABLE', `朋友圈素材无法获取（${detail}），请检查地址`)

function attachmentKindOf(content: MomentContent): MomentAttachmentKind {
  if (content.imageUrls?.length) return 'image'
  if (content.video) return 'video'
  return content.link ? 'link' : 'none'
}

const iso = (date: Date | null) => (date ? date.toISOString() : null)

export function createMomentService({ db, now, log, wecom }: MomentDeps) {
  const calls = wecom.moments

  /** Uploads the pictures, video or link cover as moment media and builds add_moment_task's body. */
  async function taskBody(content: MomentContent, staffUserIds: string[], wecomTagIds: string[]): Promise<MomentTaskBody> {
    const upload = async (url: string, kind: 'image' | 'video') => calls.uploadAttachment(kind, await downloadMedia(url, kind, mediaUnavailable))
    const attachments: NonNullable<MomentTaskBody['attachments']> = []
    for (const url of content.imageUrls ?? []) attachments.push({ msgtype: 'image', image: { media_id: await upload(url, 'image') } })
    if (content.video) attachments.push({ msgtype: 'video', video: { media_id: await upload(content.video.url, 'video') } })
    if (content.link) {
      const { title, url, imageUrl } = content.link
      attachments.push({ msgtype: 'link', link: { title, url, media_id: await upload(imageUrl, 'image') } })
    }
    return {
      ...(content.text?.trim() ? { text: { content: content.text } } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
      visible_range: {
        ...(staffUserIds.length > 0 ? { sender_list: { user_list: staffUserIds } } : {}),
        ...(wecomTagIds.length > 0 ? { external_contact_list: { tag_list: wecomTagIds } } : {}),
      },
    }
  }

  const summarySelect = {
    task: momentTasks,
    staffCount: count(momentPosts.id),
    publishedCount: sql<number>`count(case when ${momentPosts.published} = true then 1 end)`,
    reachedCount: sql<number>`coalesce(sum(${momentPosts.reachedCount}), 0)`,
    commentCount: sql<number>`coalesce(sum(${momentPosts.commentCount}), 0)`,
    likeCount: sql<number>`coalesce(sum(${momentPosts.likeCount}), 0)`,
  }
  type SummaryRow = { task: TaskRow; staffCount: number; publishedCount: number; reachedCount: number; commentCount: number; likeCount: number }

  const summaryOf = ({ task, ...counts }: SummaryRow): MomentTaskSummary => ({
    id: task.id,
    text: task.content.text ?? '',
    attachmentKind: attachmentKindOf(task.content),
    status: task.status,
    momentId: task.momentId,
    failure: task.failure,
    staffCount: Number(counts.staffCount),
    publishedCount: Number(counts.publishedCount),
    reachedCount: Number(counts.reachedCount),
    commentCount: Number(counts.commentCount),
    likeCount: Number(counts.likeCount),
    createdAt: task.createdAt.toISOString(),
    syncedAt: iso(task.syncedAt),
  })

  const summaries = (tx: DbOrTx) => tx.select(summarySelect).from(momentTasks).leftJoin(momentPosts, eq(momentPosts.taskId, momentTasks.id)).groupBy(momentTasks.id)

  async function taskOf(tx: DbOrTx, id: number): Promise<TaskRow> {
    return foundOr404(await first(tx.select().from(momentTasks).where(eq(momentTasks.id, id))), 'MOMENT_NOT_FOUND', '朋友圈任务不存在')
  }

  async function detail(id: number): Promise<MomentTaskDetail> {
    const row = foundOr404(await first(summaries(db).where(eq(momentTasks.id, id))), 'MOMENT_NOT_FOUND', '朋友圈任务不存在')
    const { task } = row
    const [posts, tagRows] = await Promise.all([
      db
        .select({ post: momentPosts, staffName: staff.name })
        .from(momentPosts)
        .leftJoin(staff, eq(staff.userId, momentPosts.staffUserId))
        .where(eq(momentPosts.taskId, id))
        .orderBy(momentPosts.staffUserId),
      task.tagIds.length > 0 ? db.select({ id: tags.id, name: tags.name }).from(tags).where(inArray(tags.id, task.tagIds)) : [],
    ])
    return {
      ...summaryOf(row),
      content: task.content,
      staffUserIds: task.staffUserIds,
      tags: tagRows,
      invalidStaffUserIds: task.invalidStaffUserIds,
      invalidTagIds: task.invalidTagIds,
      posts: posts.map(({ post, staffName }) => ({
        staffUserId: post.staffUserId,
        staffName: staffName ?? post.staffUserId,
        published: post.published,
        publishedAt: iso(post.publishedAt),
        remindersSent: post.remindersSent,
        lastRemindedAt: iso(post.lastRemindedAt),
        reachedCount: post.reachedCount,
        commentCount: post.commentCount,
        likeCount: post.likeCount,
      })),
    }
  }

  /** Turns a finished job into the moment id and one post per guide WeCom put in the range. */
  async function pollJob(task: TaskRow): Promise<void> {
    if (task.status !== 'creating' || !task.jobId) return
    const job = await calls.taskResult(task.jobId)
    if (job.status !== 3 || !job.result) return
    const { result } = job
    const statuses = result.errcode === 0 && result.moment_id ? await calls.publishStatuses(result.moment_id) : []
    await db.transaction(async (tx) => {
      const fields =
        result.errcode === 0 && result.moment_id
          ? {
              status: 'created' as const,
              momentId: result.moment_id,
              invalidStaffUserIds: result.invalid_sender_list?.user_list ?? [],
              invalidTagIds: result.invalid_external_contact_list?.tag_list ?? [],
            }
          : { status: 'failed' as const, failure: `企业微信拒绝了任务：${result.errmsg}（${result.errcode}）` }
      // A second poller that finished the same job first leaves nothing to do.
      const changed = rowsChanged(
        await tx
          .update(momentTasks)
          .set({ ...fields, syncedAt: now() })
          .where(and(eq(momentTasks.id, task.id), eq(momentTasks.status, 'creating'))),
      )
      if (changed === 0 || statuses.length === 0) return
      await tx
        .insert(momentPosts)
        .values(statuses.map((row) => ({ taskId: task.id, staffUserId: row.userid, published: row.publish_status === 1, publishedAt: row.publish_status === 1 ? now() : null })))
        .onConflictDoNothing()
    })
  }

  /** Who published, and for each published post the customers it reaches and its likes and comments. */
  async function syncPosts(task: TaskRow): Promise<void> {
    if (task.status !== 'created' || !task.momentId) return
    const momentId = task.momentId
    const statuses = await calls.publishStatuses(momentId)
    const published = statuses.filter((row) => row.publish_status === 1).map((row) => row.userid)
    const reads = new Map<string, { reached: string[]; comments: MomentInteractionInfo[]; likes: MomentInteractionInfo[] }>()
    for (const userId of published) {
      try {
        const [reached, { comment_list, like_list }] = await Promise.all([calls.reached(momentId, userId), calls.comments(momentId, userId)])
        reads.set(userId, { reached, comments: comment_list, likes: like_list })
      } catch (error) {
        // Published a moment ago and not yet readable: the next sync reads it.
        if (!(error instanceof TencentApiError && error.errcode === NOT_PUBLISHED)) throw error
      }
    }
    await db.transaction(async (tx) => {
      const at = now()
      for (const row of statuses) {
        await tx.insert(momentPosts).values({ taskId: task.id, staffUserId: row.userid }).onConflictDoNothing()
      }
      const posts = await tx.select().from(momentPosts).where(eq(momentPosts.taskId, task.id))
      for (const post of posts) {
        const read = reads.get(post.staffUserId)
        if (!read) continue
        await tx.delete(momentReach).where(eq(momentReach.postId, post.id))
        if (read.reached.length > 0) await tx.insert(momentReach).values(read.reached.map((externalUserId) => ({ postId: post.id, externalUserId })))
        const interactions = [
          ...read.comments.map((item) => ({ item, kind: 'comment' as const })),
          ...read.likes.map((item) => ({ item, kind: 'like' as const })),
        ].map(({ item, kind }) => ({
          postId: post.id,
          kind,
          byKind: item.external_userid ? ('customer' as const) : ('staff' as const),
          byId: item.external_userid ?? item.userid ?? '',
          at: new Date(item.create_time * 1000),
        }))
        if (interactions.length > 0) await tx.insert(momentInteractions).values(interactions).onConflictDoNothing()
        await tx
          .update(momentPosts)
          .set({
            published: true,
            publishedAt: post.publishedAt ?? at,
            reachedCount: read.reached.length,
            commentCount: read.comments.length,
            likeCount: read.likes.length,
          })
          .where(eq(momentPosts.id, post.id))
      }
      await tx.update(momentTasks).set({ syncedAt: at }).where(eq(momentTasks.id, task.id))
    })
  }

  const reminderText = (task: TaskRow) => {
    const words = task.content.text?.trim() ? `「${[...task.content.text.trim()].slice(0, 20).join('')}」` : ''
    return `【客户朋友圈】企业为你准备了一条朋友圈${words}，请在企业微信「客户朋友圈」中发表。`
  }

  /** Once a day has passed, guides never reminded who still have not published get one reminder; each is claimed first, so it goes once. */
  async function remindLate(id: number): Promise<void> {
    const task = await taskOf(db, id)
    if (task.status !== 'created' || now().getTime() - task.createdAt.getTime() < AUTO_REMIND_AFTER_MS) return
    const claimed = await db.transaction((tx) =>
      tx
        .update(momentPosts)
        .set({ remindersSent: 1, lastRemindedAt: now() })
        .where(and(eq(momentPosts.taskId, id), eq(momentPosts.published, false), eq(momentPosts.remindersSent, 0)))
        .returning({ staffUserId: momentPosts.staffUserId }),
    )
    if (claimed.length > 0) await wecom.sendAppText(claimed.map((post) => post.staffUserId), reminderText(task))
  }

  async function syncTask(id: number): Promise<void> {
    await pollJob(await taskOf(db, id))
    await syncPosts(await taskOf(db, id))
  }

  /** A guide's moments WeCom holds for them to publish, oldest first: their to-dos. */
  async function awaitingPublication(staffId: number, limit: number): Promise<Todo[]> {
    const rows = await db
      .select({ id: momentPosts.id, content: momentTasks.content, createdAt: momentTasks.createdAt })
      .from(momentPosts)
      .innerJoin(momentTasks, eq(momentTasks.id, momentPosts.taskId))
      .innerJoin(staff, eq(staff.userId, momentPosts.staffUserId))
      .where(and(eq(staff.id, staffId), eq(momentPosts.published, false), eq(momentTasks.status, 'created')))
      .orderBy(asc(momentTasks.createdAt), asc(momentPosts.id))
      .limit(limit)
    return rows.map((row) => {
      const words = row.content.text?.trim()
      return {
        kind: 'moment' as const,
        sourceId: row.id,
        title: '客户朋友圈待发表',
        detail: `${words ? `「${words.length > 30 ? `${words.slice(0, 30)}…` : words}」：` : ''}在企业微信的「客户朋友圈」里发表`,
        dueAt: row.createdAt.toISOString(),
        status: null,
        customer: NO_CUSTOMER,
        suggestion: null,
      }
    })
  }

  return {
    awaitingPublication,
    list: async (query: MomentTaskListQuery): Promise<MomentTaskPage> => {
      const limit = query.limit ?? 20
      const rows = await summaries(db)
        .where(cursorBefore(momentTasks.id, query.cursor))
        .orderBy(desc(momentTasks.id))
        .limit(limit + 1)
      return pageOf(rows, limit, summaryOf)
    },

    detail,

    /** Checks the content as WeCom would, uploads its media, asks WeCom for the task and reads the job once. */
    async create(input: CreateMomentRequest): Promise<MomentTaskDetail> {
      const { staffUserIds = [], tagIds = [], ...content } = input
      refuseIf(momentContentProblem(content), 'INVALID_MOMENT')
      const tagRows = tagIds.length > 0 ? await db.select().from(tags).where(inArray(tags.id, tagIds)) : []
      if (tagRows.length < tagIds.length) throw badRequest('TAG_NOT_FOUND', '所选标签不存在或已删除')
      const body = await taskBody(content, staffUserIds, tagRows.map((tag) => tag.wecomTagId))
      let jobId: string
      try {
        jobId = await calls.addTask(body)
      } catch (error) {
        if (error instanceof TencentApiError) throw badRequest('MOMENT_REFUSED', `企业微信拒绝了这条朋友圈：${error.errmsg.split(',')[0]}（${error.errcode}）`)
        throw error
      }
      const task = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(momentTasks)
          .values({ content, staffUserIds, tagIds, status: 'creating', jobId, invalidStaffUserIds: [], invalidTagIds: [], createdAt: now() })
          .returning()
        return row as TaskRow
      })
      await pollJob(task).catch((error: unknown) => log.warn({ err: error, taskId: task.id }, 'moment job not read yet'))
      return detail(task.id)
    },

    /** Reads one task from WeCom now. */
    async sync(id: number): Promise<MomentTaskDetail> {
      await syncTask(id)
      return detail(id)
    },

    /** Reads every task of the last 30 days that is still being created or published, and reminds a day's late guides once (the timer's work). */
    async syncRecent(): Promise<number> {
      const since = new Date(now().getTime() - SYNC_WINDOW_MS)
      const recent = await db
        .select({ id: momentTasks.id })
        .from(momentTasks)
        .where(and(inArray(momentTasks.status, ['creating', 'created']), gte(momentTasks.createdAt, since)))
      for (const { id } of recent) {
        await syncTask(id)
          .then(() => remindLate(id))
          .catch((error: unknown) => log.warn({ err: error, taskId: id }, 'moment sync failed'))
      }
      return recent.length
    },

    /**
     * Reminds the guides who have not published (all of them, or those named) by app message, after
     * reading WeCom again so nobody who just published is nagged.
     */
    async remind(id: number, only?: string[]): Promise<RemindMomentResponse> {
      await syncTask(id)
      const task = await taskOf(db, id)
      if (task.status !== 'created') throw badRequest('MOMENT_NOT_READY', '朋友圈任务尚未创建完成，暂不能提醒')
      const waiting = await db
        .select()
        .from(momentPosts)
        .where(and(eq(momentPosts.taskId, id), eq(momentPosts.published, false), only ? inArray(momentPosts.staffUserId, only) : undefined))
      if (waiting.length === 0) return { reminded: [] }
      await wecom.sendAppText(
        waiting.map((post) => post.staffUserId),
        reminderText(task),
      )
      await db.transaction(async (tx) => {
        await tx
          .update(momentPosts)
          .set({ remindersSent: sql`${momentPosts.remindersSent} + 1`, lastRemindedAt: now() })
          .where(inArray(momentPosts.id, waiting.map((post) => post.id)))
      })
      return { reminded: waiting.map((post) => post.staffUserId) }
    },

    /** The customers one guide's post reaches, as of the last sync. */
    async reach(id: number, staffUserId: string, query: MomentPageQuery): Promise<MomentReachPage> {
      const limit = query.limit ?? 20
      const rows = await db
        .select({ id: momentReach.id, externalUserId: momentReach.externalUserId, customerId: customers.id, name: customers.name })
        .from(momentReach)
        .innerJoin(momentPosts, eq(momentPosts.id, momentReach.postId))
        .leftJoin(customers, eq(customers.externalUserId, momentReach.externalUserId))
        .where(and(eq(momentPosts.taskId, id), eq(momentPosts.staffUserId, staffUserId), cursorBefore(momentReach.id, query.cursor)))
        .orderBy(desc(momentReach.id))
        .limit(limit + 1)
      const page = pageOf(rows, limit, (row) => row)
      return {
        items: page.items.map((row): MomentPerson => ({ kind: 'customer', id: row.externalUserId, name: row.name, customerId: row.customerId })),
        nextCursor: page.nextCursor,
      }
    },

    /** Likes and comments on every post of the task, newest first. */
    async interactions(id: number, query: MomentPageQuery): Promise<MomentInteractionPage> {
      await taskOf(db, id)
      const limit = query.limit ?? 20
      const rows = await db
        .select({ interaction: momentInteractions, staffUserId: momentPosts.staffUserId, customerId: customers.id, customerName: customers.name, staffName: staff.name })
        .from(momentInteractions)
        .innerJoin(momentPosts, eq(momentPosts.id, momentInteractions.postId))
        .leftJoin(customers, and(eq(momentInteractions.byKind, 'customer'), eq(customers.externalUserId, momentInteractions.byId)))
        .leftJoin(staff, and(eq(momentInteractions.byKind, 'staff'), eq(staff.userId, momentInteractions.byId)))
        .where(and(eq(momentPosts.taskId, id), cursorBefore(momentInteractions.id, query.cursor)))
        .orderBy(desc(momentInteractions.id))
        .limit(limit + 1)
      return pageOf(
        rows.map((row) => ({ ...row, id: row.interaction.id })),
        limit,
        ({ interaction, staffUserId, customerId, customerName, staffName }) => ({
          id: interaction.id,
          staffUserId,
          kind: interaction.kind,
          by: {
            kind: interaction.byKind,
            id: interaction.byId,
            name: interaction.byKind === 'customer' ? customerName : staffName,
            customerId: interaction.byKind === 'customer' ? customerId : null,
          },
          at: interaction.at.toISOString(),
        }),
      )
    },
  }
}

export type MomentService = ReturnType<typeof createMomentService>
