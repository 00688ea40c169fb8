// The demo brand's script library (a cosmetics brand): categories and scripts of every type, as a
// brand's operations team would write them. Some use {{level}} and {{points}}, which fill once the
// membership domain reports them.
import type { ScriptInput } from '@liuliang/shared'

/** Top-level categories with their children, in display order. */
export const DEMO_SCRIPT_CATEGORIES: Record<string, string[]> = {
  问候语: [],
  产品介绍: ['护肤', '彩妆', '香氛'],
  售后服务: ['物流', '退换货'],
  促销活动: ['大促', '会员日'],
}

export type DemoScript = ScriptInput & { category?: string }

export interface DemoScriptContext {
  /** Where the demo's images live (the sandbox's stand-in image host). */
  imageBase: string
  /** The brand's own mini-program. */
  appId: string
  /** The brand's book in the library, for the document script. */
  brochureId: number
}

export function demoScripts({ imageBase, appId, brochureId }: DemoScriptContext): DemoScript[] {
  const image = (name: string) => `${imageBase}/${name}.png`
  const shop = (path: string) => `https://shop.liuliang.example/${path}`
  const card = (page: string, cover: string) => ({ appid: appId, page, imageUrl: image(cover) })
  return [
    {
      category: '问候语',
      type: 'text',
      title: '添加好友欢迎语',
      content: '{{customerName}}您好，我是您的专属美妆顾问{{staffName}}～以后护肤、彩妆有任何问题都可以随时问我，新人礼已经为您准备好啦！',
      keywords: ['欢迎', '新客', '开场白'],
    },
    {
      category: '问候语',
      type: 'text',
      title: '早安问候',
      content: '早上好{{customerName}}☀️ 今天紫外线比较强，出门记得做好防晒哦～',
      keywords: ['早安', '防晒'],
    },
    {
      category: '问候语',
      type: 'text',
      title: '节日问候',
      content: '{{customerName}}，祝您节日快乐！感谢一直以来的支持，我们为您准备了一份节日小礼，有空来店里坐坐～',
      keywords: ['节日', '祝福'],
    },
    {
      category: '问候语',
      type: 'text',
      title: '生日祝福',
      content: '亲爱的{{customerName}}，生日快乐🎂！生日当月在小程序下单可享双倍积分，还有一份生日礼盒等您领取～',
      keywords: ['生日', '双倍积分'],
    },
    {
      category: '问候语',
      type: 'text',
      title: '久未联系回访',
      content: '{{customerName}}好久不见～最近皮肤状态怎么样？换季如果有干燥泛红，可以跟我说说，帮您搭配一套护理方案。',
      keywords: ['回访', '换季', '沉睡客户'],
    },
    {
      category: '问候语',
      type: 'text',
      title: '积分兑换提醒',
      content: '{{customerName}}，您目前是{{level}}，账户里还有{{points}}积分，可以在小程序积分商城兑换小样和优惠券哦～',
      keywords: ['积分', '等级', '兑换'],
    },
    {
      category: '护肤',
      type: 'text',
      title: '玻尿酸保湿精华介绍',
      content: '我们的玻尿酸保湿精华含三重分子玻尿酸，深层补水、锁水 72 小时，质地清爽不黏腻，特别适合换季干燥和混合肌。早晚洁面后取 2-3 滴即可。',
      keywords: ['精华', '补水', '保湿', '玻尿酸'],
    },
    {
      category: '护肤',
      type: 'text',
      title: '敏感肌修护三件套',
      content: '敏感肌推荐修护三件套：氨基酸洁面 + 积雪草修护水 + 神经酰胺面霜，无香精无酒精，泛红刺痛期间也能安心使用。',
      keywords: ['敏感肌', '修护', '泛红'],
    },
    {
      category: '护肤',
      type: 'text',
      title: '防晒霜使用方法',
      content: '防晒是护肤最后一步，出门前 15 分钟涂，用量约一元硬币大小；户外活动每 2-3 小时补涂一次效果更好。',
      keywords: ['防晒', 'SPF'],
    },
    {
      category: '护肤',
      type: 'text',
      title: '胜肽抗初老面霜',
      content: '胜肽紧致面霜主打抗初老，25 岁以后就可以开始用，坚持 28 天细纹和松弛会有明显改善，晚上配合按摩吸收更好。',
      keywords: ['面霜', '抗老', '胜肽'],
    },
    {
      category: '产品介绍',
      type: 'file',
      title: '品牌手册',
      content: '品牌故事和全线产品介绍（PDF），新加的客户想多了解时发一份',
      keywords: ['手册', '品牌', 'PDF'],
      file: { fileId: brochureId },
    },
    {
      category: '护肤',
      type: 'image',
      title: '夏季防晒新品海报',
      content: '水感防晒新品海报，私聊和朋友圈都可以发',
      keywords: ['新品', '海报', '防晒'],
      image: { url: image('summer-sunscreen') },
    },
    {
      category: '护肤',
      type: 'image',
      title: '早晚护肤步骤图',
      content: '洁面、水、精华、乳霜、防晒的顺序示意',
      keywords: ['步骤', '护肤顺序'],
      image: { url: image('skincare-steps') },
    },
    {
      category: '彩妆',
      type: 'text',
      title: '口红色号推荐',
      content: '黄皮推荐 #316 枫叶红棕和 #520 暖调豆沙，显白不挑人；白皮可以试试 #888 正红，气场全开。需要的话我发试色图给您～',
      keywords: ['口红', '色号', '试色'],
    },
    {
      category: '彩妆',
      type: 'text',
      title: '粉底液选色',
      content: '粉底选色看脖子的肤色：偏黄选 N 系列，偏粉选 C 系列。不确定的话可以来店里免费试妆，或者发我一张自然光下的素颜照帮您判断。',
      keywords: ['粉底', '选色', '试妆'],
    },
    {
      category: '彩妆',
      type: 'image',
      title: '口红试色图',
      content: '热门色号真人试色合集',
      keywords: ['口红', '试色'],
      image: { url: image('lipstick-swatches') },
    },
    {
      category: '香氛',
      type: 'text',
      title: '白茶香水香调介绍',
      content: '这款白茶香水前调佛手柑，中调白茶与茉莉，后调雪松麝香，清新干净不腻人，通勤约会都合适，留香 6-8 小时。',
      keywords: ['香水', '留香', '白茶'],
    },
    {
      category: '物流',
      type: 'text',
      title: '发货通知',
      content: '{{customerName}}，您的订单已经打包发出啦📦 一般 2-3 天送达，收到后有任何问题随时找我～',
      keywords: ['发货', '快递', '物流'],
    },
    {
      category: '物流',
      type: 'text',
      title: '物流延迟安抚',
      content: '非常抱歉让您久等了！您的包裹因天气原因在中转站滞留，我已经联系快递加急处理，有进展第一时间告诉您。',
      keywords: ['延迟', '催件', '物流'],
    },
    {
      category: '退换货',
      type: 'text',
      title: '七天无理由退货',
      content: '收到商品 7 天内、未拆封不影响二次销售的，都可以申请无理由退货，运费险会自动理赔。在小程序「我的订单」里点「申请售后」就可以。',
      keywords: ['退货', '运费险', '售后'],
    },
    {
      category: '退换货',
      type: 'text',
      title: '过敏处理',
      content: '非常抱歉给您带来不适！请先停用并用清水洗净，冷敷缓解；如果红肿持续请及时就医。拍一下产品批号和皮肤状况发给我，我们为您办理退款。',
      keywords: ['过敏', '退款', '投诉'],
    },
    {
      category: '退换货',
      type: 'text',
      title: '换货流程',
      content: '换货请在小程序提交售后申请并选择「换货」，寄回时备注订单号，仓库收到后 48 小时内为您寄出新品。',
      keywords: ['换货', '售后'],
    },
    {
      category: '退换货',
      type: 'link',
      title: '售后进度查询',
      content: '点开即可查看退换货的处理进度',
      keywords: ['售后', '进度'],
      link: { url: shop('after-sales'), imageUrl: image('after-sales-cover') },
    },
    {
      category: '大促',
      type: 'text',
      title: '618 大促预告',
      content: '618 大促预告：6 月 1 日晚 8 点开抢，全场满 300 减 50，会员再享 95 折，前 100 名下单加送正装精华一瓶！需要我帮您提前加购吗？',
      keywords: ['618', '大促', '满减'],
    },
    {
      category: '大促',
      type: 'link',
      title: '{{customerName}}的双11专属清单',
      content: '提前加购享定金膨胀，最高立省 300 元',
      keywords: ['双11', '定金'],
      link: { url: shop('double-11'), imageUrl: image('double-11-cover') },
    },
    {
      category: '大促',
      type: 'text',
      title: '限时秒杀提醒',
      content: '今晚 20:00 限时秒杀开始，爆款补水面膜 9.9 元 5 片，每人限购 2 份，手慢无！',
      keywords: ['秒杀', '面膜', '限时'],
    },
    {
      category: '大促',
      type: 'miniprogram',
      title: '三人拼团 · 爆款面膜',
      content: '邀请好友一起拼团，三人成团更优惠',
      keywords: ['拼团', '面膜'],
      miniprogram: card('pages/home/index.html', 'groupbuy-cover'),
    },
    {
      category: '会员日',
      type: 'text',
      title: '会员日提醒',
      content: '每月 18 日是会员日🎉 当天全场双倍积分，{{level}}还可以领取专属折扣券，记得来逛逛～',
      keywords: ['会员日', '双倍积分'],
    },
    {
      category: '会员日',
      type: 'miniprogram',
      title: '每日签到领积分',
      content: '连续签到 7 天额外奖励 30 积分',
      keywords: ['签到', '积分'],
      miniprogram: card('pages/home/index.html', 'checkin-cover'),
    },
    {
      category: '会员日',
      type: 'miniprogram',
      title: '我的会员中心',
      content: '查看等级权益、积分和优惠券',
      keywords: ['会员', '优惠券'],
      miniprogram: card('pages/mine/index.html', 'member-center-cover'),
    },
    {
      category: '会员日',
      type: 'link',
      title: '会员等级权益一览',
      content: 'V1 到 V5 会员专享折扣、生日礼和免费试用',
      keywords: ['权益', '等级'],
      link: { url: shop('member-benefits'), imageUrl: image('member-benefits-cover') },
    },
    {
      type: 'text',
      title: '门店地址',
      content: '我们的门店在杭州市西湖区文三路 188 号（地铁 2 号线文三路站 B 口），营业时间 10:00-22:00，到店报手机号就能查积分～',
      keywords: ['门店', '地址', '营业时间'],
    },
  ]
}

/** Follow-up notes guides left on the showcase customers: [who, note, days until the next contact]. */
export const DEMO_FOLLOW_UPS: [string, string, number | null][] = [
  ['alice', '皮肤偏干，换季容易起皮，主要关注保湿类产品，预算 300 左右。', null],
  ['alice', '试用了玻尿酸精华小样，反馈很好，答应到货后提醒她。', 2],
  ['bob', '给女朋友挑生日礼物，倾向香水，喜欢清淡的香调。', 5],
  ['carol', '敏感肌，用过修护三件套，上次反映泛红改善明显。', null],
  ['dave', '门店扫码加的好友，还没下过单，对会员日活动感兴趣。', 10],
]

/** What guides recorded about the showcase customers. */
export const DEMO_PROFILES: Record<string, { remark: string; city: string; birthday: string; phone: string }> = {
  alice: { remark: '艾艾 · 老客户', city: '杭州', birthday: '1995-03-18', phone: '13812345678' },
  bob: { remark: '博文 · 送礼', city: '上海', birthday: '1992-11-02', phone: '13987654321' },
}
