import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { GROUP_MEMBER_EVENT_KINDS, GROUP_MEMBER_KINDS } from '@liuliang/shared'
import { createdAt, timestamp } from './columns'
import { customers } from './customers'
import { staff } from './staff'

/** A WeCom customer group (客户群), mirrored by sync and change_external_chat events. */
export const groupChats = pgTable(
  'group_chats',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    chatId: text('chat_id').notNull().unique(),
    name: text('name').notNull(),
    ownerStaffId: integer('owner_staff_id')
      .notNull()
      .references(() => staff.id),
    notice: text('notice').notNull().default(''),
    /** groupchat/list's status: 0 normal, 1 owner resigned, 2 being inherited, 3 inherited */
    wecomStatus: integer('wecom_status').notNull().default(0),
    /** groupchat/get's member_version; an event whose LastMemVer differs means one was missed */
    memberVersion: text('member_version').notNull().default(''),
    memberCount: integer('member_count').notNull().default(0),
    /** when the group was created in WeCom */
    openedAt: timestamp('opened_at').notNull(),
    dismissedAt: timestamp('dismissed_at'),
    syncedAt: timestamp('synced_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('group_chats_owner').on(t.ownerStaffId)],
)

/** Everyone who is or was in a group; a member who left keeps the row with left_at. */
export const groupChatMembers = pgTable(
  'group_chat_members',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    groupChatId: integer('group_chat_id')
      .notNull()
      .references(() => groupChats.id),
    /** a member's userid, or an external contact's external_userid */
    memberId: text('member_id').notNull(),
    kind: text('kind', { enum: GROUP_MEMBER_KINDS }).notNull(),
    /** an external member who is one of our customers */
    customerId: integer('customer_id').references(() => customers.id),
    name: text('name').notNull().default(''),
    groupNickname: text('group_nickname').notNull().default(''),
    /** 1 invited, 2 invitation link, 3 scanned the QR code (groupchat/get's join_scene) */
    joinScene: integer('join_scene').notNull().default(0),
    invitorUserId: text('invitor_user_id'),
    /** the join way's state that brought them in */
    state: text('state'),
    joinWayId: integer('join_way_id').references(() => groupJoinWays.id),
    joinedAt: timestamp('joined_at').notNull(),
    leftAt: timestamp('left_at'),
    /** 0 left, 1 removed */
    quitScene: integer('quit_scene'),
  },
  (t) => [
    uniqueIndex('group_chat_members_once').on(t.groupChatId, t.memberId),
    index('group_chat_members_customer').on(t.customerId),
    index('group_chat_members_member').on(t.memberId),
  ],
)

/** Joins and leaves, one per member and moment: the per-day counts of the group list and of each live code. */
export const groupChatMemberEvents = pgTable(
  'group_chat_member_events',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    groupChatId: integer('group_chat_id')
      .notNull()
      .references(() => groupChats.id),
    memberId: text('member_id').notNull(),
    kind: text('kind', { enum: GROUP_MEMBER_EVENT_KINDS }).notNull(),
    joinWayId: integer('join_way_id').references(() => groupJoinWays.id),
    /** YYYY-MM-DD in the brand's time zone */
    businessDay: text('business_day').notNull(),
    occurredAt: timestamp('occurred_at').notNull(),
  },
  (t) => [
    uniqueIndex('group_chat_member_events_once').on(t.groupChatId, t.memberId, t.kind, t.occurredAt),
    index('group_chat_member_events_group_day').on(t.groupChatId, t.businessDay),
    index('group_chat_member_events_way_day').on(t.joinWayId, t.businessDay),
  ],
)

/** A group live code (加入群聊 join way): up to five groups, new ones opened when they are full. */
export const groupJoinWays = pgTable('group_join_ways', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  name: text('name').notNull(),
  configId: text('config_id').notNull().unique(),
  /** echoed in the members it brings in; ≤ 30 characters */
  state: text('state').notNull().unique(),
  qrCodeUrl: text('qr_code_url'),
  autoCreateRoom: boolean('auto_create_room').notNull(),
  roomBaseName: text('room_base_name').notNull().default(''),
  roomBaseId: integer('room_base_id').notNull().default(1),
  chatIds: jsonb('chat_ids').$type<string[]>().notNull(),
  deletedAt: timestamp('deleted_at'),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at').notNull(),
})

/** A group welcome template (入群欢迎语素材) held in WeCom; owners apply it to their groups in the client. */
export const groupWelcomeTemplates = pgTable('group_welcome_templates', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  templateId: text('template_id').notNull().unique(),
  name: text('name').notNull(),
  text: text('text').notNull().default(''),
  /** the one attachment WeCom keeps: { type: image | link | miniprogram, ...fields } */
  attachment: jsonb('attachment').$type<Record<string, string>>(),
  notify: boolean('notify').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at').notNull(),
})
