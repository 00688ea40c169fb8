// The demo brand's people, generated deterministically so every seed run describes the same world.

export interface DemoGuide {
  userId: string
  isAdmin: boolean
}

export interface DemoCustomer {
  who: string
  name: string
  /** guides who added this customer, first one first */
  guides: string[]
  usesMiniProgram: boolean
  /** the customer later deleted their first guide */
  deletesGuide: boolean
  /** their first guide later deleted them */
  removedByGuide: boolean
  /** how many days ago they first added a guide */
  addedDaysAgo: number
}

export const DEMO_GUIDES: DemoGuide[] = [
  { userId: 'guide_li', isAdmin: false },
  { userId: 'guide_wang', isAdmin: false },
  { userId: 'guide_zhao', isAdmin: false },
  { userId: 'admin_chen', isAdmin: true },
]

/** The consumers the h5 preview offers on its login screen: WeCom contacts and mini-program users both. */
export const SHOWCASE_CONSUMERS = ['alice', 'bob', 'carol', 'dave'] as const

const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗']
const GIVEN = ['思琪', '子涵', '雨桐', '欣怡', '梓萱', '浩然', '宇轩', '晨曦', '佳怡', '一诺', '嘉怡', '俊杰', '诗涵', '明轩', '若曦', '文博', '可馨', '天佑', '语嫣', '沐阳']
const SHOWCASE_NAMES: Record<string, string> = { alice: '林小艾', bob: '周博文', carol: '陈可乐', dave: '王大卫' }

const FIELD_GUIDES = ['guide_li', 'guide_wang', 'guide_zhao']

const nameFor = (i: number) => `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}`

export function demoCustomers(count = 200): DemoCustomer[] {
  const people: DemoCustomer[] = SHOWCASE_CONSUMERS.map((who, i) => ({
    who,
    name: SHOWCASE_NAMES[who] as string,
    guides: ['guide_li'],
    usesMiniProgram: true,
    deletesGuide: false,
    removedByGuide: false,
    addedDaysAgo: 50 - i * 10,
  }))
  for (let i = 1; people.length < count; i++) {
    const first = FIELD_GUIDES[i % FIELD_GUIDES.length] as string
    const second = FIELD_GUIDES[(i + 1) % FIELD_GUIDES.length] as string
    people.push({
      who: `demo${String(i).padStart(3, '0')}`,
      name: nameFor(i),
      guides: i % 10 === 0 ? [first, second] : [first],
      usesMiniProgram: i % 3 === 0,
      deletesGuide: i % 13 === 0,
      removedByGuide: i % 37 === 0 && i % 13 !== 0,
      // Spread over the last 60 days, more of them recently, as a growing account looks.
      addedDaysAgo: Math.floor(60 * (1 - Math.sqrt(i / count))),
    })
  }
  return people
}

/** Mini-program users who never added a guide: the audience live codes are meant to reach. */
export const MINI_PROGRAM_ONLY = Array.from({ length: 12 }, (_, i) => `mp${String(i + 1).padStart(3, '0')}`)

/** The demo brand's tag groups (a cosmetics brand), each customer gets a few by a fixed pattern. */
export const DEMO_TAG_GROUPS: Record<string, string[]> = {
  客户等级: ['普通客户', 'VIP', '超级VIP'],
  兴趣偏好: ['护肤', '彩妆', '香水', '个护', '母婴'],
  来源渠道: ['门店扫码', '直播间', '朋友推荐', '线上广告'],
  消费意向: ['高意向', '观望中', '价格敏感'],
}

/** Which tags (group → tag) a demo customer carries, by their position in the list. */
export function demoTagsFor(index: number): [string, string][] {
  const pick = (group: string, n: number): [string, string] => {
    const names = DEMO_TAG_GROUPS[group] as string[]
    return [group, names[n % names.length] as string]
  }
  const chosen = [pick('客户等级', index % 7 === 0 ? 2 : index % 3 === 0 ? 1 : 0), pick('来源渠道', index)]
  // Interests are skewed: skincare is what most customers care about.
  chosen.push(pick('兴趣偏好', index % 5 < 3 ? 0 : index))
  if (index % 4 === 0) chosen.push(pick('兴趣偏好', index + 1))
  if (index % 6 === 0) chosen.push(pick('消费意向', index))
  return chosen
}

/** The demo's live codes (渠道活码): where a poster or a live stream sends people, and who takes them. */
export const DEMO_LIVE_CODES = [
  {
    name: '门店扫码',
    staffUserIds: ['guide_li', 'guide_wang'],
    backupStaffUserIds: ['guide_zhao'],
    dailyAddLimit: 20,
    channelTag: '门店扫码',
    welcomeText: '欢迎光临留量门店，{{customerName}}！我是你的专属导购{{staffName}}，新客礼已放进小程序，随时找我～',
  },
  {
    name: '直播间',
    staffUserIds: ['guide_wang', 'guide_zhao'],
    backupStaffUserIds: ['admin_chen'],
    allocation: 'weight' as const,
    weights: { guide_wang: 2, guide_zhao: 1 },
    dailyAddLimit: 50,
    workingHours: { start: '10:00', end: '22:00' },
    channelTag: '直播间',
    welcomeText: '{{customerName}}，感谢从直播间来找{{staffName}}！直播同款的专属价我已经帮你留好了。',
  },
  {
    name: '朋友推荐',
    staffUserIds: ['guide_li', 'guide_zhao'],
    backupStaffUserIds: [],
    dailyAddLimit: null,
    channelTag: '朋友推荐',
    welcomeText: null,
  },
]

export interface LiveCodeVisitor {
  who: string
  name: string
  /** the live code (by name) they scanned */
  code: string
  addedDaysAgo: number
  /** they later deleted the guide the code gave them */
  deletesGuide: boolean
}

/** People who came through the live codes over the last two weeks. */
export function liveCodeVisitors(count = 36): LiveCodeVisitor[] {
  return Array.from({ length: count }, (_, i) => ({
    who: `lc${String(i + 1).padStart(3, '0')}`,
    name: nameFor(i + 101),
    code: DEMO_LIVE_CODES[i % DEMO_LIVE_CODES.length]?.name as string,
    addedDaysAgo: 14 - Math.floor((i * 14) / count),
    deletesGuide: i % 9 === 4,
  }))
}
