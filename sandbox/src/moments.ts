// Customer moments (客户朋友圈, WeCom docs 95094, 96351, 96352): the corp creates a moment task
// (add_moment_task, an asynchronous job turned into a moment_id by get_moment_task_result), each member
// in its range publishes it in the client (until then the read APIs answer 41062), and customers see,
// like and comment on the post. The control API plays the members and the customers.
import { randomBytes } from 'node:crypto'
import type { CorpTags } from './corp-tags'
import { SandboxError } from './contacts'
import { departmentSubtree, describeMember, isUserId } from './directory'
import { entryOf, type ExternalContact, type Store } from './state'
import { ApiError, invalidParameter, readInt, readList, readObject, readString, readStringList, type Json } from './tencent-api'

export interface MomentInteraction {
  /** Exactly one of the two: a customer or a member. */
  external_userid?: string
  userid?: string
  create_time: number
}

export interface MomentPost {
  /** Unix seconds once the member published it in the client. */
  publish_time?: number
  /** The visible range chosen at creation: the member's customers (with the tags, when tags were given). */
  customers: string[]
  comments: MomentInteraction[]
  likes: MomentInteraction[]
}

export interface Moment {
  moment_id: string
  creator: string
  create_time: number
  /** 0 made by the corp, 1 by a member. */
  create_type: 0 | 1
  /** 0 visible to part of the customers (tags given), 1 public. */
  visible_type: 0 | 1
  text?: { content: string }
  image?: { media_id: string }[]
  video?: { media_id: string; thumb_media_id: string }
  link?: { title: string; url: string; media_id: string }
  cancelled: boolean
  posts: Record<string, MomentPost>
}

export interface MomentJob {
  jobid: string
  create_time: number
  /** Polls still answered "creating" before the job is done. */
  pollsLeft: number
  result: Json
}

export interface MomentData {
  moments: Record<string, Moment>
  jobs: Record<string, MomentJob>
  /** media_id → attachment kind, from upload_attachment with attachment_type=1. */
  attachments: Record<string, 'image' | 'video' | 'file'>
}

export interface MomentOptions {
  /** Polls of get_moment_task_result that answer status 2 (创建中) before the job completes. */
  creatingPolls: number
}

const MAX_TEXT_CHARS = 2000
const MAX_IMAGES = 9
const MAX_LINK_TITLE_BYTES = 64
/** A jobid is valid for 24 hours. */
const JOB_LIFETIME_S = 24 * 3600
const MAX_LIST_RANGE_S = 30 * 24 * 3600
const LIST_LIMITS = { task: [500, 1000], customers: [500, 1000], sendResult: [3000, 5000], moments: [20, 20] } as const

const toSeconds = (date: Date) => Math.floor(date.getTime() / 1000)
const MISSING_MOMENT_ID = () => new ApiError(41059, 'missing moment_id')

/** Paging by an opaque cursor (the offset, as text), as the moment read APIs page. */
function page<T>(items: T[], body: Json, [fallback, max]: readonly [number, number]) {
  const limit = readInt(body, 'limit') ?? fallback
  if (limit < 1 || limit > max) throw invalidParameter(`limit must be 1..${max}`)
  const start = Number(readString(body, 'cursor') || 0)
  if (!Number.isInteger(start) || start < 0) throw invalidParameter('invalid cursor')
  const slice = items.slice(start, start + limit)
  return { slice, next_cursor: start + limit < items.length ? String(start + limit) : '' }
}

export type Moments = ReturnType<typeof createMoments>

export function createMoments(deps: { store: Store; corpTags: CorpTags; now: () => Date; options: MomentOptions }) {
  const { store, corpTags, now, options } = deps
  const data = store.data.moments
  const contacts = () => Object.values(store.data.contacts)

  function momentOf(body: Json): Moment {
    const id = readString(body, 'moment_id')
    if (!id) throw MISSING_MOMENT_ID()
    const moment = entryOf(data.moments, id)
    if (!moment) throw new ApiError(41060, 'invalid moment_id')
    return moment
  }

  /** The member's post: 41061 when the moment is not theirs, 41062 while they have not published it. */
  function publishedPost(body: Json): { moment: Moment; post: MomentPost; userid: string } {
    const moment = momentOf(body)
    const userid = readString(body, 'userid')
    if (!userid) throw new ApiError(41009, 'missing userid')
    const post = entryOf(moment.posts, userid)
    if (!post) throw new ApiError(41061, 'invalid moment sender userid')
    if (post.publish_time === undefined) throw new ApiError(41062, 'moment not published by the sender yet')
    return { moment, post, userid }
  }

  function mediaId(object: Json, name: string, kind: 'image' | 'video'): string {
    const id = readString(object, name)
    if (!id) throw invalidParameter(`missing ${name}`)
    if (entryOf(data.attachments, id) !== kind) throw new ApiError(40007, `invalid media_id: ${name}`)
    return id
  }

  /** Text and attachments: ≤ 2000 characters, and either ≤ 9 images, or one video, or one link. */
  function content(body: Json): Pick<Moment, 'text' | 'image' | 'video' | 'link'> {
    const text = readString(readObject(body, 'text') ?? {}, 'content')
    if (text !== undefined && [...text].length > MAX_TEXT_CHARS) throw invalidParameter('invalid text size')
    const attachments = (readList(body, 'attachments') ?? []).map((item) => (typeof item === 'object' && item !== null ? item : {}) as Json)
    const kinds = new Set(attachments.map((attachment) => readString(attachment, 'msgtype')))
    if (!text && attachments.length === 0) throw invalidParameter('text and attachments are both empty')
    if (attachments.length === 0) return { text: { content: text ?? '' } }
    const [kind] = kinds
    if (kinds.size > 1 || !['image', 'video', 'link'].includes(kind ?? '')) throw invalidParameter('invalid attachments msgtype')
    const limit = kind === 'image' ? MAX_IMAGES : 1
    if (attachments.length > limit) throw invalidParameter('invalid attachments size')
    const payloads = attachments.map((attachment) => readObject(attachment, kind as string) ?? {})
    const words = text ? { text: { content: text } } : {}
    if (kind === 'image') return { ...words, image: payloads.map((image) => ({ media_id: mediaId(image, 'media_id', 'image') })) }
    const [payload = {}] = payloads
    if (kind === 'video') return { ...words, video: { media_id: mediaId(payload, 'media_id', 'video'), thumb_media_id: `${randomBytes(8).toString('hex')}` } }
    const title = readString(payload, 'title') ?? ''
    const url = readString(payload, 'url') ?? ''
    if (!title || !url) throw invalidParameter('link needs title and url')
    if (Buffer.byteLength(title) > MAX_LINK_TITLE_BYTES) throw invalidParameter('invalid link title size')
    return { ...words, link: { title, url, media_id: mediaId(payload, 'media_id', 'image') } }
  }

  const hasAnyTag = (contact: ExternalContact, userid: string, tags: string[]) =>
    contact.follow_user.some((follow) => follow.userid === userid && follow.tag_ids.some((id) => tags.includes(id)))

  /**
   * Who publishes and who sees it: senders' customers (only the tagged ones when tags are given); tags
   * alone go to those customers' members; neither is everyone who has customers (the app's whole range).
   */
  function visibleRange(body: Json) {
    const range = readObject(body, 'visible_range') ?? {}
    const senders = readObject(range, 'sender_list') ?? {}
    const users = readStringList(senders, 'user_list') ?? []
    const departments = (readList(senders, 'department_list') ?? []) as number[]
    const tags = readStringList(readObject(range, 'external_contact_list') ?? {}, 'tag_list') ?? []
    const invalidUsers = users.filter((user) => !isUserId(user))
    const invalidTags = tags.filter((tag) => corpTags.kindOf(tag) !== 'tag')
    const validTags = tags.filter((tag) => !invalidTags.includes(tag))
    const followers = [...new Set(contacts().flatMap((contact) => contact.follow_user.map((follow) => follow.userid)))]
    // A department sends through its members and those of every department under it.
    const inRange = new Set(departments.flatMap((id) => departmentSubtree(id).map((department) => department.id)))
    const fromDepartments = followers.filter((user) => describeMember(user).department.some((id) => inRange.has(id)))
    let members = [...new Set([...users.filter(isUserId), ...fromDepartments])]
    if (users.length === 0 && departments.length === 0) {
      members = validTags.length > 0 ? followers.filter((user) => contacts().some((contact) => hasAnyTag(contact, user, validTags))) : followers
    }
    const posts: Record<string, MomentPost> = {}
    for (const member of members) {
      const customers = contacts()
        .filter((contact) => contact.follow_user.some((follow) => follow.userid === member))
        .filter((contact) => validTags.length === 0 || hasAnyTag(contact, member, validTags))
        .map((contact) => contact.external_userid)
      posts[member] = { customers, comments: [], likes: [] }
    }
    return { posts, tagged: tags.length > 0, invalidUsers, invalidTags }
  }

  return {
    /** upload_attachment: a media id for moments (attachment_type 1). */
    uploadAttachment(kind: 'image' | 'video' | 'file'): string {
      const id = `3${randomBytes(30).toString('base64url')}`
      data.attachments[id] = kind
      store.commit()
      return id
    },

    /** add_moment_task: checks the content now, then answers a jobid; the range is resolved by the job. */
    addTask(body: Json): string {
      const checked = content(body)
      const range = visibleRange(body)
      const at = toSeconds(now())
      const jobid = `mj${randomBytes(24).toString('base64url')}`
      const moment: Moment = {
        moment_id: `mo${randomBytes(20).toString('hex')}`,
        creator: '',
        create_time: at,
        create_type: 0,
        visible_type: range.tagged ? 0 : 1,
        ...checked,
        cancelled: false,
        posts: range.posts,
      }
      data.moments[moment.moment_id] = moment
      data.jobs[jobid] = {
        jobid,
        create_time: at,
        pollsLeft: options.creatingPolls,
        result: {
          errcode: 0,
          errmsg: 'ok',
          moment_id: moment.moment_id,
          invalid_sender_list: { user_list: range.invalidUsers, department_list: [] },
          invalid_external_contact_list: { tag_list: range.invalidTags },
        },
      }
      store.commit()
      return jobid
    },

    /** get_moment_task_result: 1 开始创建, 2 创建中, 3 完成 with the result; a jobid lasts 24 h. */
    taskResult(jobid: string | undefined): Json {
      const job = jobid ? entryOf(data.jobs, jobid) : undefined
      if (!job || toSeconds(now()) - job.create_time > JOB_LIFETIME_S) throw invalidParameter('invalid jobid')
      if (job.pollsLeft > 0) {
        job.pollsLeft -= 1
        store.commit()
        return { status: 2, type: 'add_moment_task' }
      }
      return { status: 3, type: 'add_moment_task', result: job.result }
    },

    cancel(body: Json): void {
      momentOf(body).cancelled = true
      store.commit()
    },

    /** get_moment_list: moments created in a range of at most 30 days, newest first. */
    list(body: Json): Json {
      const start = readInt(body, 'start_time')
      const end = readInt(body, 'end_time')
      if (start === undefined || end === undefined || end < start || end - start > MAX_LIST_RANGE_S) throw invalidParameter('invalid time range')
      const creator = readString(body, 'creator')
      const filter = readInt(body, 'filter_type') ?? 2
      const found = Object.values(data.moments)
        .filter((moment) => moment.create_time >= start && moment.create_time <= end)
        .filter((moment) => filter === 2 || moment.create_type === filter)
        .filter((moment) => !creator || moment.creator === creator)
        .sort((a, b) => b.create_time - a.create_time)
      const { slice, next_cursor } = page(found, body, LIST_LIMITS.moments)
      return {
        next_cursor,
        moment_list: slice.map(({ cancelled: _c, posts: _p, ...moment }) => moment),
      }
    },

    /** get_moment_task: each member's publish status (0 未发表, 1 已发表). */
    task(body: Json): Json {
      const moment = momentOf(body)
      const rows = Object.entries(moment.posts).map(([userid, post]) => ({ userid, publish_status: post.publish_time === undefined ? 0 : 1 }))
      const { slice, next_cursor } = page(rows, body, LIST_LIMITS.task)
      return { next_cursor, task_list: slice }
    },

    /** get_moment_customer_list: the customers the member's post was meant for. */
    customers(body: Json): Json {
      const { post, userid } = publishedPost(body)
      const { slice, next_cursor } = page(post.customers, body, LIST_LIMITS.customers)
      return { next_cursor, customer_list: slice.map((external_userid) => ({ userid, external_userid })) }
    },

    /** get_moment_send_result: those who can see it now, i.e. still the member's customers. */
    sendResult(body: Json): Json {
      const { post, userid } = publishedPost(body)
      const still = post.customers.filter((id) => entryOf(store.data.contacts, id)?.follow_user.some((follow) => follow.userid === userid))
      const { slice, next_cursor } = page(still, body, LIST_LIMITS.sendResult)
      return { next_cursor, customer_list: slice.map((external_userid) => ({ external_userid })) }
    },

    comments(body: Json): Json {
      const { post } = publishedPost(body)
      return { comment_list: post.comments, like_list: post.likes }
    },

    /** A member publishes the corp's moment in the client. */
    publish(momentId: string, userId: string, at?: Date): { publishedAt: string } {
      const moment = entryOf(data.moments, momentId)
      const post = moment ? entryOf(moment.posts, userId) : undefined
      if (!moment || !post) throw new SandboxError(404, 'NOT_FOUND', `${userId} has no post of moment ${momentId}`)
      if (moment.cancelled) throw new SandboxError(409, 'CANCELLED', 'the moment task was cancelled')
      post.publish_time ??= toSeconds(at ?? now())
      store.commit()
      return { publishedAt: new Date(post.publish_time * 1000).toISOString() }
    },

    /** A customer (or a colleague) likes or comments on a member's post. */
    interact(momentId: string, input: { userId: string; kind: 'comment' | 'like'; by: { externalUserId: string } | { userId: string }; at?: Date }) {
      const post = publishedPost({ moment_id: momentId, userid: input.userId }).post
      const who = 'externalUserId' in input.by ? { external_userid: input.by.externalUserId } : { userid: input.by.userId }
      const entry = { ...who, create_time: toSeconds(input.at ?? now()) }
      if (input.kind === 'comment') post.comments.push(entry)
      else if (!post.likes.some((like) => like.external_userid === who.external_userid && like.userid === who.userid)) post.likes.push(entry)
      store.commit()
      return entry
    },
  }
}
