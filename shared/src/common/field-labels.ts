// What each request field is called on screen. The server names fields by it in its 400 messages and
// the clients label their forms with it, so a person reads the same words in both places.
// Keys are field names, or dotted paths (array indices left out) where a name means something else
// inside a parent: `address.name` is the consignee, `prizes.name` a prize's name.

export const FIELD_LABELS: Readonly<Record<string, string>> = {
  // people and accounts
  username: '用户名',
  password: '密码',
  currentPassword: '当前密码',
  newPassword: '新密码',
  code: '登录凭证',
  customerId: '客户',
  externalUserId: '客户',
  staffUserId: '导购',
  staffUserIds: '导购',
  backupStaffUserIds: '备用导购',
  departmentId: '部门',
  remark: '备注',
  city: '城市',
  birthday: '生日',
  phone: '手机号',

  // shipping address
  address: '收货地址',
  'address.name': '收货人',
  'address.phone': '手机号',
  'address.region': '所在地区',
  'address.detail': '详细地址',

  // common
  id: '编号',
  name: '名称',
  title: '标题',
  description: '描述',
  content: '内容',
  text: '文字内容',
  note: '备注',
  reason: '原因',
  type: '类型',
  kind: '类型',
  status: '状态',
  scope: '适用范围',
  active: '上架状态',
  enabled: '启用状态',
  sortOrder: '排序',
  startsAt: '开始时间',
  endsAt: '结束时间',
  date: '日期',
  month: '月份',
  from: '开始日期',
  to: '结束日期',
  imageUrl: '图片地址',
  image: '图片',
  'image.url': '图片地址',
  q: '搜索关键词',
  cursor: '分页位置',
  limit: '每页条数',
  'idempotency-key': '请求编号',
  requestId: '请求编号',
  url: '页面地址',

  // tags and audiences
  tagId: '标签',
  tagIds: '标签',
  groupName: '标签组名称',
  exclusive: '组内互斥',
  add: '要添加的标签',
  remove: '要移除的标签',
  activity: '活动',
  filter: '筛选条件',
  'filter.tags': '标签',
  'filter.tags.allOf': '标签',
  'filter.tags.anyOf': '标签',
  'filter.tags.noneOf': '标签',
  'filter.channels': '渠道',
  'filter.levels': '会员等级',
  'filter.lost': '是否流失',
  'filter.isMiniProgramUser': '小程序用户',
  'filter.nameContains': '姓名关键词',
  'filter.addedFrom': '添加时间起',
  'filter.addedBefore': '添加时间止',
  'filter.lastPurchaseFrom': '最近购买时间起',
  'filter.lastPurchaseBefore': '最近购买时间止',
  'filter.totalSpendFen': '累计消费',
  'filter.totalSpendFen.min': '累计消费下限',
  'filter.totalSpendFen.max': '累计消费上限',
  'filter.staffUserIds': '导购',
  'filter.rfmSegments': 'RFM 分群',
  audience: '适用人群',
  'audience.levels': '会员等级',
  'audience.tagIds': '标签',

  // live codes and welcome messages
  liveCodeId: '渠道活码',
  allocation: '分配方式',
  weights: '分配权重',
  dailyAddLimit: '每日添加上限',
  skipVerify: '免验证添加',
  workingHours: '工作时间',

  // customer groups, group live codes and group welcome templates
  chatId: '客户群',
  groupIds: '客户群',
  ownerUserId: '群主',
  state: '群状态',
  includeLeft: '包含已退群成员',
  autoCreateRoom: '自动建群',
  roomBaseName: '新群群名前缀',
  roomBaseId: '新群起始序号',
  notify: '通知群主',
  attachment: '附件',
  'attachment.desc': '链接描述',
  'attachment.picUrl': '图片地址',
  'attachment.picMediaId': '图片',
  'attachment.appid': '小程序 AppID',
  'attachment.page': '小程序页面',
  'workingHours.start': '上班时间',
  'workingHours.end': '下班时间',
  welcomeText: '欢迎语',
  withinDays: '天数',
  attachments: '附件',
  'attachments.type': '附件类型',
  'attachments.title': '附件标题',
  'attachments.desc': '链接描述',
  'attachments.url': '链接地址',
  'attachments.picUrl': '图片地址',
  'attachments.picMediaId': '图片',
  'attachments.appid': '小程序 AppID',
  'attachments.page': '小程序页面',

  // scripts and follow-ups
  categoryId: '分类',
  parentId: '上级分类',
  scriptId: '话术',
  keywords: '关键词',
  link: '链接',
  'link.url': '链接地址',
  'link.imageUrl': '封面图地址',
  miniprogram: '小程序卡片',
  'miniprogram.appid': '小程序 AppID',
  'miniprogram.page': '小程序页面',
  'miniprogram.imageUrl': '封面图地址',
  followUpId: '跟进记录',
  nextContactAt: '下次联系时间',
  completePreviousReminders: '完成之前的提醒',
  dueBefore: '截止时间',

  // customer inheritance
  handoverStaffId: '原导购',
  takeoverStaffId: '接替导购',
  customerIds: '客户',
  all: '全部客户',
  message: '转接提示语',

  // loyalty
  delta: '积分变动',
  ladder: '连续签到奖励',
  makeupCost: '补签消耗积分',
  makeupMonthlyLimit: '每月补签次数',
  makeupWindowDays: '可补签天数',
  levels: '会员等级',
  'levels.code': '等级代码',
  'levels.name': '等级名称',
  'levels.minGrowth': '升级所需成长值',
  'levels.orderPointsMultiplier': '下单积分倍数',
  windowDays: '统计周期（天）',
  recencyDays: '最近消费（天内）',
  frequencyOrders: '消费次数门槛',
  monetaryFen: '消费金额门槛',
  monetaryMode: '消费金额口径',
  templateId: '优惠券',
  couponTemplateId: '优惠券',
  couponId: '优惠券',
  amountOffFen: '减免金额',
  discountPercent: '折扣',
  thresholdFen: '使用门槛',
  validDays: '有效天数',
  itemId: '商品',
  redemptionId: '兑换记录',
  pointsPrice: '所需积分',
  costPoints: '消耗积分',
  perUserLimit: '每人限兑',
  stock: '库存',
  trackingNo: '快递单号',

  // lotteries
  lotteryId: '抽奖活动',
  drawId: '抽奖记录',
  freeDrawsPerDay: '每日免费次数',
  maxDrawsPerUser: '每人最多抽奖次数',
  prizes: '奖品',
  'prizes.name': '奖品名称',
  'prizes.type': '奖品类型',
  'prizes.points': '奖品积分',
  'prizes.couponTemplateId': '奖品优惠券',
  'prizes.stock': '奖品库存',
  'prizes.weight': '中奖权重',

  // orders, group-buys and distribution
  productId: '商品',
  items: '商品',
  'items.productId': '商品',
  'items.quantity': '购买数量',
  priceFen: '价格',
  orderRef: '订单号',
  campaignId: '活动',
  groupId: '团',
  groupSize: '成团人数',
  durationMinutes: '成团时限（分钟）',
  distributorId: '分销员',
  distributorCode: '分销码',
  autoApprove: '自动审核',
  bindingDays: '绑定有效天数',
  level1Percent: '一级佣金比例',
  level2Percent: '二级佣金比例',
  settleDays: '结算等待天数',
  minWithdrawalFen: '最低提现金额',
  amountFen: '提现金额',
  withdrawalId: '提现申请',
}

/** `/prizes/0/name` → `prizes.name`: array indices say which item, not what the field is. */
function dottedPath(instancePath: string): string {
  return instancePath
    .split('/')
    .filter((part) => part !== '' && !/^\d+$/.test(part))
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.')
}

/**
 * The on-screen name of the field at a JSON pointer (`/address/detail`) or dotted path: the most
 * specific path the map knows, else the field's own name; null when neither is known.
 */
export function fieldLabel(path: string): string | null {
  const parts = (path.includes('/') ? dottedPath(path) : path).split('.').filter(Boolean)
  for (let start = 0; start < parts.length; start++) {
    const label = FIELD_LABELS[parts.slice(start).join('.')]
    if (label) return label
  }
  return null
}
