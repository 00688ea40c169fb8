import type { CreateFissionActivityRequest, FissionActivity, FissionRewardKind } from '@liuliang/shared'
import { fromDateTimeInput, toDateTimeInput } from '../../lib/datetime-input'

/** The activity form as typed: numbers and times as the inputs hold them. */
export interface FissionForm {
  name: string
  liveCodeId: string
  goal: string
  rewardKind: FissionRewardKind
  points: string
  couponTemplateId: string
  mallItemId: string
  revokeOnWithdraw: boolean
  startsAt: string
  endsAt: string
  rules: string
  posterImageUrl: string
}

export function blankFissionForm(now = new Date()): FissionForm {
  return {
    name: '',
    liveCodeId: '',
    goal: '3',
    rewardKind: 'points',
    points: '100',
    couponTemplateId: '',
    mallItemId: '',
    revokeOnWithdraw: false,
    startsAt: toDateTimeInput(now.toISOString()),
    endsAt: toDateTimeInput(new Date(now.getTime() + 7 * 86_400_000).toISOString()),
    rules: '',
    posterImageUrl: '',
  }
}

export function formOf(activity: FissionActivity): FissionForm {
  return {
    name: activity.name,
    liveCodeId: String(activity.liveCodeId),
    goal: String(activity.goal),
    rewardKind: activity.reward.kind,
    points: String(activity.reward.points ?? ''),
    couponTemplateId: String(activity.reward.couponTemplateId ?? ''),
    mallItemId: String(activity.reward.mallItemId ?? ''),
    revokeOnWithdraw: activity.revokeOnWithdraw,
    startsAt: toDateTimeInput(activity.startsAt),
    endsAt: toDateTimeInput(activity.endsAt),
    rules: activity.rules,
    posterImageUrl: activity.posterImageUrl ?? '',
  }
}

const whole = (text: string, min: number, max: number) => {
  const n = Number(text)
  return Number.isInteger(n) && n >= min && n <= max ? n : null
}

/** The request the form makes, or what is wrong with it, checked as the server checks it. */
export function fissionRequest(form: FissionForm): { request: CreateFissionActivityRequest } | { error: string } {
  const name = form.name.trim()
  if (!name) return { error: '请填写活动名称' }
  const liveCodeId = whole(form.liveCodeId, 1, 2_147_483_647)
  if (liveCodeId === null) return { error: '请选择导购池（渠道活码）' }
  const goal = whole(form.goal, 1, 100)
  if (goal === null) return { error: '邀请目标须是 1 到 100 的整数' }
  const startsAt = fromDateTimeInput(form.startsAt)
  const endsAt = fromDateTimeInput(form.endsAt)
  if (!startsAt || !endsAt) return { error: '请填写开始和结束时间' }
  if (endsAt <= startsAt) return { error: '结束时间必须晚于开始时间' }
  let reward: CreateFissionActivityRequest['reward']
  if (form.rewardKind === 'points') {
    const points = whole(form.points, 1, 1_000_000)
    if (points === null) return { error: '奖励积分须是 1 到 1000000 的整数' }
    reward = { kind: 'points', points }
  } else if (form.rewardKind === 'coupon') {
    const couponTemplateId = whole(form.couponTemplateId, 1, 2_147_483_647)
    if (couponTemplateId === null) return { error: '请选择奖励的优惠券' }
    reward = { kind: 'coupon', couponTemplateId }
  } else {
    const mallItemId = whole(form.mallItemId, 1, 2_147_483_647)
    if (mallItemId === null) return { error: '请选择奖励的礼品' }
    reward = { kind: 'mall_item', mallItemId }
  }
  const posterImageUrl = form.posterImageUrl.trim()
  if (posterImageUrl && !/^https?:\/\/\S+$/.test(posterImageUrl)) return { error: '海报图片须是 http(s) 地址' }
  if (form.rules.length > 2000) return { error: '活动规则最多 2000 字' }
  return {
    request: {
      name,
      liveCodeId,
      goal,
      reward,
      // Only points can be taken back after a withdrawal (the server refuses the others).
      revokeOnWithdraw: form.rewardKind === 'points' && form.revokeOnWithdraw,
      startsAt,
      endsAt,
      rules: form.rules,
      posterImageUrl: posterImageUrl || null,
    },
  }
}
