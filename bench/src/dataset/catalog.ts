// What the bench brand sells and runs: guides, tags, products, lotteries and group-buy campaigns.
// Lotteries and campaigns are laid out over the generated window; the last of each is still running
// when the window ends, so `pnpm bench` has a live lottery to draw from and a campaign to join.
import { DAY } from './calendar'

export const GUIDES = 50
export const TAG_GROUPS = 20
export const TAGS_PER_GROUP = 10
export const CHANNELS = 10

/** A cosmetics brand's catalogue: name and price in fen. */
export const PRODUCTS: readonly (readonly [string, number])[] = [
  ['玻尿酸保湿精华 30ml', 29_900],
  ['烟酰胺焕亮精华 30ml', 32_900],
  ['视黄醇抗老精华 30ml', 45_900],
  ['积雪草修护精华 50ml', 25_900],
  ['神经酰胺修护面霜 50g', 36_900],
  ['胜肽紧致面霜 50g', 52_900],
  ['清爽控油乳液 100ml', 15_900],
  ['氨基酸洁面乳 120g', 8_900],
  ['温和卸妆油 200ml', 12_900],
  ['补水保湿面膜 10 片', 9_900],
  ['清透防晒乳 SPF50 50ml', 16_900],
  ['素颜防晒霜 SPF35 40ml', 13_900],
  ['舒缓爽肤水 200ml', 11_900],
  ['眼部精华霜 15g', 38_900],
  ['丝绒雾面口红', 19_900],
  ['水光唇釉', 15_900],
  ['持妆粉底液 30ml', 26_900],
  ['气垫 BB 霜', 22_900],
  ['四色眼影盘', 18_900],
  ['自然卷翘睫毛膏', 12_900],
  ['白茶淡香水 50ml', 39_900],
  ['玫瑰香氛身体乳 250ml', 14_900],
  ['护手霜三支装', 6_900],
  ['旅行小样套装', 4_900],
  ['敏感肌修护三件套', 59_900],
  ['明星护肤礼盒', 89_900],
  ['化妆棉 200 片', 2_900],
  ['美妆蛋两只装', 3_900],
  ['香氛蜡烛', 16_900],
  ['节日限定彩妆礼盒', 69_900],
]

export interface LotteryPlan {
  id: number
  name: string
  startsAt: number
  endsAt: number
  costPoints: number
  freeDrawsPerDay: number
  maxDrawsPerUser: number
  prizes: PrizePlan[]
}

export interface PrizePlan {
  id: number
  position: number
  name: string
  type: 'points' | 'physical' | 'thanks'
  weight: number
  /** what the admin stocked; what is left is this minus what was won */
  stock: number
  points: number | null
}

const LOTTERY_NAMES = ['新客好礼转盘', '会员日幸运抽', '618 狂欢转盘', '七夕限定抽奖', '中秋好礼抽', '双十一幸运转盘', '年货节抽奖', '春日焕新抽奖']

/**
 * A lottery about every eight weeks for three weeks, and one running from two weeks before the
 * window ends until a year after. Stocks scale with the customer count so prizes rarely run out.
 */
export function planLotteries(start: number, end: number, customers: number): LotteryPlan[] {
  const windows: [number, number][] = []
  for (let opens = start + 20 * DAY; opens + 21 * DAY < end - 14 * DAY; opens += 56 * DAY) windows.push([opens, opens + 21 * DAY])
  windows.push([end - 14 * DAY, end + 365 * DAY])
  let prizeId = 1
  return windows.map(([startsAt, endsAt], index) => {
    const live = index === windows.length - 1
    const prize = (name: string, type: PrizePlan['type'], weight: number, stock: number, points: number | null, position: number): PrizePlan => ({
      id: prizeId++,
      position,
      name,
      type,
      weight,
      stock,
      points,
    })
    const scale = Math.ceil(customers / 100) * (live ? 20 : 1)
    return {
      id: index + 1,
      name: `${LOTTERY_NAMES[index % LOTTERY_NAMES.length]}${index >= LOTTERY_NAMES.length ? ` 第${Math.floor(index / LOTTERY_NAMES.length) + 1}季` : ''}`,
      startsAt,
      endsAt,
      costPoints: 20,
      freeDrawsPerDay: 1,
      maxDrawsPerUser: live ? 100 : 10,
      prizes: [
        prize('10 积分', 'points', 25, scale * 40, 10, 0),
        prize('88 积分', 'points', 5, scale * 8, 88, 1),
        prize('品牌帆布袋', 'physical', 2, scale * 3, null, 2),
        prize('谢谢参与', 'thanks', 68, 0, null, 3),
      ],
    }
  })
}

export interface CampaignPlan {
  id: number
  productIndex: number
  groupSize: number
  priceFen: number
  durationMinutes: number
  perUserLimit: number
  startsAt: number
  endsAt: number
  stock: number
}

/** A group-buy campaign about every ten weeks for a month, and a ten-person one still on sale. */
export function planCampaigns(start: number, end: number, customers: number): CampaignPlan[] {
  const plans: CampaignPlan[] = []
  const sizes = [2, 3, 5]
  for (let opens = start + 30 * DAY; opens + 30 * DAY < end - 20 * DAY; opens += 70 * DAY) {
    plans.push({
      id: plans.length + 1,
      productIndex: (plans.length * 7) % PRODUCTS.length,
      groupSize: sizes[plans.length % sizes.length] as number,
      priceFen: 0,
      durationMinutes: 24 * 60,
      perUserLimit: 2,
      startsAt: opens,
      endsAt: opens + 30 * DAY,
      stock: customers,
    })
  }
  plans.push({
    id: plans.length + 1,
    productIndex: PRODUCTS.length - 1,
    groupSize: 10,
    priceFen: 0,
    durationMinutes: 24 * 60,
    perUserLimit: 1,
    startsAt: end - 20 * DAY,
    endsAt: end + 365 * DAY,
    stock: customers * 10,
  })
  for (const plan of plans) plan.priceFen = Math.round(((PRODUCTS[plan.productIndex] as readonly [string, number])[1] * 0.65) / 100) * 100
  return plans
}

export const REFUND_REASONS = ['不想要了', '买错了规格', '物流太慢', '收到商品有破损', '重复下单']

export const FOLLOW_UP_NOTES = [
  '咨询了{product}，已发送试用装领取链接',
  '约了周末到店试用{product}',
  '反馈物流有点慢，已帮忙催单',
  '生日在下个月，记得提前送生日券',
  '对价格比较敏感，会员日再推荐{product}',
  '混油皮，夏天容易出油，推荐了{product}',
  '老客户，复购意愿强，{product}快用完了',
  '想给妈妈买礼物，推荐了{product}',
  '敏感肌，换季泛红，建议先用{product}修护',
  '参加了拼团，提醒她分享给朋友成团',
]

/** Addresses for claimed physical prizes. */
export const CITIES = [
  ['上海市', '上海市', '静安区'],
  ['北京市', '北京市', '朝阳区'],
  ['广东省', '广州市', '天河区'],
  ['广东省', '深圳市', '南山区'],
  ['浙江省', '杭州市', '西湖区'],
  ['四川省', '成都市', '武侯区'],
  ['江苏省', '南京市', '鼓楼区'],
  ['湖北省', '武汉市', '洪山区'],
] as const
