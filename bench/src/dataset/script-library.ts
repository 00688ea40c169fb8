// The bench brand's script library: a category tree as an operations team keeps it, and a few
// thousand scripts composed from each category's phrases, so searches hit realistic text.
import type { ScriptType } from '@liuliang/shared'
import { PRODUCTS } from './catalog'
import type { Random } from '../random'

interface CategoryPhrases {
  /** what the scripts in it are called */
  titles: string[]
  /** the body, with `{product}` for a product name */
  bodies: string[]
  keywords: string[]
}

/** Category path (parent › child) to the phrases its scripts use. */
const LIBRARY: Record<string, CategoryPhrases> = {
  开场白: {
    titles: ['添加好友欢迎语', '新客破冰', '到店后添加问候', '直播间引流欢迎'],
    bodies: [
      '{{customerName}}您好，我是您的专属美妆顾问{{staffName}}～护肤彩妆有任何问题都可以随时问我，新人礼已经为您准备好啦！',
      '{{customerName}}，感谢添加！我是{{staffName}}，以后新品试用、会员福利都会第一时间通知您～',
    ],
    keywords: ['开场白', '欢迎', '新客'],
  },
  '产品介绍 › 护肤 › 精华': {
    titles: ['精华使用方法', '精华成分讲解', '精华搭配建议', '精华早晚用法'],
    bodies: [
      '{product}质地清爽好吸收，早晚洁面后取 2-3 滴，轻拍至吸收即可，坚持 28 天肤色更透亮。',
      '{product}适合换季干燥、暗沉的肌肤，搭配同系列面霜锁水效果更好。',
    ],
    keywords: ['精华', '补水保湿', '焕亮'],
  },
  '产品介绍 › 护肤 › 面霜': {
    titles: ['面霜质地介绍', '面霜适合肤质', '秋冬面霜推荐'],
    bodies: ['{product}滋润不厚重，修护屏障、锁水一整天，干皮和敏感肌都可以放心用。'],
    keywords: ['面霜', '修护', '补水保湿'],
  },
  '产品介绍 › 护肤 › 防晒': {
    titles: ['防晒补涂提醒', '防晒霜怎么选', '通勤防晒推荐'],
    bodies: ['{product}轻薄不闷痘，出门前 15 分钟涂抹，户外每 2 小时补涂一次，紫外线强的时候别忘了哦。'],
    keywords: ['防晒', '紫外线', '通勤'],
  },
  '产品介绍 › 彩妆': {
    titles: ['口红试色', '底妆持妆技巧', '新手化妆步骤'],
    bodies: ['{product}是我们的明星单品，显白不挑皮，持妆一整天，现在购买还送化妆小样。'],
    keywords: ['彩妆', '口红', '新品'],
  },
  '产品介绍 › 香氛': {
    titles: ['香氛香调介绍', '香水喷洒位置'],
    bodies: ['{product}前调清新、后调温柔，喷在手腕和耳后，留香可达 6 小时。'],
    keywords: ['香氛', '香水', '送礼'],
  },
  '活动营销 › 会员日': {
    titles: ['会员日预告', '会员日当天提醒', '会员日专属价'],
    bodies: ['{{customerName}}，本月会员日全场 8 折，{{level}}还可叠加专属券，{product}也在活动里哦～'],
    keywords: ['会员日', '优惠券', '折扣'],
  },
  '活动营销 › 大促': {
    titles: ['大促预售提醒', '大促满减规则', '大促尾款提醒'],
    bodies: ['大促预售已开启，{product}预付定金立减 50 元，前 1000 名还送旅行小样套装。'],
    keywords: ['大促', '满减', '预售'],
  },
  '活动营销 › 拼团': {
    titles: ['拼团邀请', '拼团成团提醒', '拼团规则说明'],
    bodies: ['{product}拼团价限时开启，邀请好友一起拼，满员即成团，未成团自动退款～'],
    keywords: ['拼团', '邀请好友', '限时'],
  },
  '活动营销 › 抽奖': {
    titles: ['抽奖活动通知', '中奖领取提醒'],
    bodies: ['{{customerName}}，转盘抽奖每天都有一次免费机会，积分还可以再抽，大奖是{product}！'],
    keywords: ['抽奖', '积分', '免费'],
  },
  '售后服务 › 物流': {
    titles: ['发货通知', '物流查询方法', '物流延迟安抚'],
    bodies: ['您的订单已发货，可在小程序「我的订单」查看物流；如遇延迟，我这边会帮您跟进。'],
    keywords: ['物流', '发货', '快递'],
  },
  '售后服务 › 退换货': {
    titles: ['退换货流程', '过敏退货处理', '退款到账时间'],
    bodies: ['收到商品 7 天内未拆封可无理由退换，在小程序订单里申请，退款原路返回，一般 1-3 个工作日到账。'],
    keywords: ['退换货', '退款', '售后'],
  },
  节日祝福: {
    titles: ['生日祝福', '中秋祝福', '新年祝福', '妇女节祝福'],
    bodies: ['亲爱的{{customerName}}，生日快乐🎂！生日当月在小程序下单可享双倍积分，还有一份生日礼等您领取～'],
    keywords: ['生日', '节日', '祝福'],
  },
  会员权益: {
    titles: ['等级权益介绍', '积分兑换提醒', '升级提醒'],
    bodies: ['{{customerName}}，您目前是{{level}}，账户里还有{{points}}积分，可以在积分商城兑换{product}小样和优惠券哦～'],
    keywords: ['会员', '积分', '等级'],
  },
  复购提醒: {
    titles: ['空瓶回购提醒', '囤货建议', '老客回访'],
    bodies: ['{{customerName}}，上次买的{product}应该快用完啦，现在回购可以用积分抵扣，需要我帮您下单吗？'],
    keywords: ['复购', '回购', '老客'],
  },
}

/** Words guides type into the sidebar's search: both the three-character (FTS) and shorter (LIKE) kind. */
export const SEARCH_KEYWORDS = ['开场白', '精华', '防晒', '会员日', '拼团', '退换货', '物流', '生日', '新品', '优惠券', '复购', '补水保湿', '积分', '口红']

/** Parents before children, as the console creates them. */
export function categoryTree(): { path: string; name: string; parentPath: string | null }[] {
  const seen = new Map<string, { path: string; name: string; parentPath: string | null }>()
  for (const path of Object.keys(LIBRARY)) {
    const parts = path.split(' › ')
    parts.forEach((name, depth) => {
      const own = parts.slice(0, depth + 1).join(' › ')
      if (!seen.has(own)) seen.set(own, { path: own, name, parentPath: depth === 0 ? null : parts.slice(0, depth).join(' › ') })
    })
  }
  return [...seen.values()]
}

export interface LibraryScript {
  categoryPath: string
  type: ScriptType
  title: string
  content: string
  keywords: string[]
  attachment: Record<string, string> | null
  /** how often guides pick it, relative to the others */
  popularity: number
}

/** `count` scripts spread over the categories; titles are unique so each can be found by its title. */
export function composeScripts(count: number, random: Random, appId: string): LibraryScript[] {
  const paths = Object.keys(LIBRARY)
  const scripts: LibraryScript[] = []
  for (let n = 0; n < count; n++) {
    const categoryPath = paths[n % paths.length] as string
    const phrases = LIBRARY[categoryPath] as CategoryPhrases
    const product = (PRODUCTS[random.int(0, PRODUCTS.length - 1)] as readonly [string, number])[0]
    const roll = random.next()
    const type: ScriptType = roll < 0.7 ? 'text' : roll < 0.8 ? 'image' : roll < 0.9 ? 'link' : 'miniprogram'
    const image = `https://cdn.liuliang.example/scripts/${n + 1}.png`
    const attachment: Record<string, string> | null =
      type === 'image'
        ? { url: image }
        : type === 'link'
          ? { url: `https://shop.liuliang.example/articles/${n + 1}`, imageUrl: image }
          : type === 'miniprogram'
            ? { appid: appId, page: `packages/groupbuy/campaign/index.html?id=${(n % PRODUCTS.length) + 1}`, imageUrl: image }
            : null
    const keywords = [...new Set([random.pick(phrases.keywords), random.pick(phrases.keywords), product.split(' ')[0] as string])]
    scripts.push({
      categoryPath,
      type,
      title: `${random.pick(phrases.titles)} · ${product} #${n + 1}`,
      content: random.pick(phrases.bodies).replaceAll('{product}', product),
      keywords,
      attachment,
      popularity: random.next() ** 3,
    })
  }
  return scripts
}
