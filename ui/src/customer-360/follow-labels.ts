import type { FollowRelation, FollowStatus, Gender } from '@liuliang/shared'
import { formatDate } from '../format'

export const FOLLOW_STATUS_LABELS: Record<FollowStatus, string> = {
  active: '跟进中',
  lost: '已流失',
  removed: '已删除',
  transferred: '已转接',
}

export const GENDER_LABELS: Record<Gender, string | null> = { unknown: null, male: '男', female: '女' }

// WeCom's add_way values (WeCom doc 92114).
const ADD_WAY_LABELS: Record<number, string> = {
  0: '未知来源',
  1: '扫描二维码',
  2: '搜索手机号',
  3: '名片分享',
  4: '群聊',
  5: '手机通讯录',
  6: '微信联系人',
  7: '微信好友申请',
  8: '第三方应用客服',
  9: '搜索邮箱',
  10: '视频号',
  11: '日程参与人',
  12: '会议参与人',
  13: '微信好友的企业微信',
  14: '智慧硬件专属客服',
  15: '上门服务客服',
  16: '获客链接',
  17: '定制开发',
  18: '需求回复',
  201: '内部成员共享',
  202: '管理员分配',
}

export function addWayLabel(addWay: number, state: string | null): string {
  // A state means the customer came through one of our live codes, which says more than "QR scan".
  if (state) return '渠道活码'
  return ADD_WAY_LABELS[addWay] ?? '其他方式'
}

/** When the relation started and, if it ended, when and how: `2024年3月5日添加 · 2024年6月1日流失`. */
export function followPeriod(relation: Pick<FollowRelation, 'status' | 'firstAddedAt' | 'endedAt'>): string {
  const since = `${formatDate(relation.firstAddedAt)}添加`
  if (relation.status === 'active' || relation.endedAt === null) return since
  const ended = { lost: '流失', removed: '删除', transferred: '转接给其他导购' }[relation.status]
  return `${since} · ${formatDate(relation.endedAt)}${ended}`
}

/** Active guides first, then the most recently added. */
export function sortFollowers<T extends Pick<FollowRelation, 'status' | 'firstAddedAt'>>(followers: readonly T[]): T[] {
  return [...followers].sort((a, b) => {
    if ((a.status === 'active') !== (b.status === 'active')) return a.status === 'active' ? -1 : 1
    return Date.parse(b.firstAddedAt) - Date.parse(a.firstAddedAt)
  })
}
