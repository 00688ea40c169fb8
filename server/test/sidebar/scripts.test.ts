// The script library: categories, the five script types, FTS search, and sending with placeholders filled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addContact, login, request, startStack, uploadLibraryFile, type Stack } from '../support/stack'

let stack: Stack
let admin: string
let li: string
let wang: string
let customer: string
beforeAll(async () => {
  stack = await startStack()
  admin = (await login.admin(stack)).token
  li = (await login.staff(stack, 'guide_li')).token
  wang = (await login.staff(stack, 'guide_wang')).token
  customer = await addContact(stack, 'vera', 'guide_li', { name: '林薇拉' })
})
afterAll(() => stack.close())

const adminApi = (path: string, init: { method?: string; body?: unknown } = {}) =>
  request(`${stack.appUrl}/api/admin${path}`, { ...init, token: admin })
const guideApi = (token: string, path: string, init: { method?: string; body?: unknown } = {}) =>
  request(`${stack.appUrl}/api/sidebar${path}`, { ...init, token })

async function createScript(body: Record<string, unknown>) {
  const reply = await adminApi('/scripts', { body })
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return reply.body as { id: number; usageCount: number }
}

const titlesFor = async (token: string, query: string) =>
  (await guideApi(token, `/scripts?${query}`)).body.items.map((script: { title: string }) => script.title) as string[]

const send = (scriptId: number, requestId: string, token = li, externalUserId = customer) =>
  guideApi(token, `/scripts/${scriptId}/sends`, { body: { externalUserId, requestId } })
const mediaUploads = async () =>
  (await request(`${stack.sandboxUrl}/sandbox/wecom/messages?api=media/upload`)).body.items as { body: { type: string; media_id: string; filename: string } }[]

describe('categories', () => {
  it('form a tree listed parents first, with names unique among siblings', async () => {
    const products = (await adminApi('/script-categories', { body: { name: '产品介绍', sortOrder: 2 } })).body
    const greetings = (await adminApi('/script-categories', { body: { name: '问候语', sortOrder: 1 } })).body
    const skincare = (await adminApi('/script-categories', { body: { name: '护肤', parentId: products.id } })).body
    expect(skincare).toMatchObject({ parentId: products.id, name: '护肤' })
    const serum = await adminApi('/script-categories', { body: { name: '精华', parentId: skincare.id } })
    expect(serum.status).toBe(201)

    const { categories } = (await guideApi(li, '/script-categories')).body
    expect(categories.map((c: { name: string }) => c.name)).toEqual(['问候语', '产品介绍', '护肤', '精华'])

    expect((await adminApi('/script-categories', { body: { name: '问候语' } })).status).toBe(409)
    expect((await adminApi('/script-categories', { body: { name: '护肤', parentId: products.id } })).status).toBe(409)
    expect((await adminApi('/script-categories', { body: { name: '问候语', parentId: products.id } })).status).toBe(201)
    const tooDeep = await adminApi('/script-categories', { body: { name: '玻尿酸', parentId: serum.body.id } })
    expect(tooDeep.body.error.code).toBe('CATEGORY_TOO_DEEP')
    const cycle = await adminApi(`/script-categories/${products.id}`, { method: 'PATCH', body: { parentId: skincare.id } })
    expect(cycle.body.error.code).toBe('CATEGORY_CYCLE')
    const renamed = await adminApi(`/script-categories/${greetings.id}`, { method: 'PATCH', body: { name: '打招呼' } })
    expect(renamed.body.name).toBe('打招呼')
  })

  it('can be deleted only when empty', async () => {
    const parent = (await adminApi('/script-categories', { body: { name: '临时分类' } })).body
    const child = (await adminApi('/script-categories', { body: { name: '子分类', parentId: parent.id } })).body
    expect((await adminApi(`/script-categories/${parent.id}`, { method: 'DELETE' })).body.error.code).toBe('CATEGORY_NOT_EMPTY')
    const script = await createScript({ type: 'text', title: '占位', content: '占位内容', categoryId: child.id })
    expect((await adminApi(`/script-categories/${child.id}`, { method: 'DELETE' })).status).toBe(409)
    await adminApi(`/scripts/${script.id}`, { method: 'DELETE' })
    expect((await adminApi(`/script-categories/${child.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await adminApi(`/script-categories/${parent.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await adminApi(`/script-categories/${parent.id}`, { method: 'DELETE' })).status).toBe(404)
  })
})

describe('search', () => {
  let aftersales: number
  let refund: { id: number }
  beforeAll(async () => {
    aftersales = (await adminApi('/script-categories', { body: { name: '售后服务' } })).body.id
    const returns = (await adminApi('/script-categories', { body: { name: '退换货', parentId: aftersales } })).body.id
    refund = await createScript({
      type: 'text',
      title: '七天无理由退货说明',
      content: '亲，收到商品七天内可申请无理由退货，我们承担往返运费。',
      keywords: ['运费险', '退款'],
      categoryId: returns,
    })
    await createScript({ type: 'text', title: '物流查询', content: '您的包裹已由顺丰发出，预计两天送达。', keywords: ['快递'], categoryId: aftersales })
    await createScript({ type: 'text', title: '新客欢迎', content: '欢迎关注我们的品牌，新人礼已放入您的账户。', keywords: ['新人'] })
  })

  it('finds a script by a keyword that appears nowhere else', async () => {
    expect(await titlesFor(li, `q=${encodeURIComponent('运费险')}`)).toEqual(['七天无理由退货说明'])
  })

  it('finds a script by words in the middle of its content', async () => {
    expect(await titlesFor(li, `q=${encodeURIComponent('往返运费')}`)).toEqual(['七天无理由退货说明'])
    expect(await titlesFor(li, `q=${encodeURIComponent('顺丰发出')}`)).toEqual(['物流查询'])
  })

  it('matches short words too, and needs every word to match', async () => {
    expect(await titlesFor(li, `q=${encodeURIComponent('快递')}`)).toEqual(['物流查询'])
    expect(await titlesFor(li, `q=${encodeURIComponent('新人礼 账户')}`)).toEqual(['新客欢迎'])
    expect(await titlesFor(li, `q=${encodeURIComponent('新人礼 顺丰')}`)).toEqual([])
    expect(await titlesFor(li, `q=${encodeURIComponent('"退货" OR')}`)).toEqual([])
  })

  it('matches words whatever their case, and wildcard characters as written', async () => {
    await createScript({ type: 'text', title: 'VIP 专享价', content: '气垫 BB 霜会员价再减 20%，仅限今天。', keywords: ['会员'] })
    for (const word of ['vip', 'Vip', 'bb', '0%', '%']) expect(await titlesFor(li, `q=${encodeURIComponent(word)}`), word).toEqual(['VIP 专享价'])
    for (const word of ['_', 'b_', '%%']) expect(await titlesFor(li, `q=${encodeURIComponent(word)}`), word).toEqual([])
    // Words of every length, with case and without, together.
    expect(await titlesFor(li, `q=${encodeURIComponent('bb 会员价 vip 减')}`)).toEqual(['VIP 专享价'])
    expect(await titlesFor(li, `q=${encodeURIComponent('bb 会员价 vip 增')}`)).toEqual([])
  })

  it('refuses NUL and other control characters in the words, in the sidebar and the console alike', async () => {
    for (const q of ['abc%00def', '%E8%BF%90%E8%B4%B9%00', 'a%1Bb', '%7F']) {
      for (const reply of [await guideApi(li, `/scripts?q=${q}`), await adminApi(`/scripts?q=${q}`)]) {
        expect(reply.status, q).toBe(400)
        expect(reply.body.error).toEqual({ code: 'CONTROL_CHARACTERS', message: expect.stringContaining('控制字符') })
      }
    }
    // Tabs and line breaks separate words like spaces do.
    expect(await titlesFor(li, `q=${encodeURIComponent('新人礼\t账户')}`)).toEqual(['新客欢迎'])
  })

  it('filters by a category and everything under it', async () => {
    expect((await titlesFor(li, `categoryId=${aftersales}`)).sort()).toEqual(['七天无理由退货说明', '物流查询'])
    expect(await titlesFor(li, `categoryId=${aftersales}&q=${encodeURIComponent('运费')}`)).toEqual(['七天无理由退货说明'])
  })

  it('keeps the search index in step when a script is rewritten', async () => {
    const body = { type: 'text', title: '七天无理由退货说明', content: '收到商品十五天内可申请退换。', keywords: ['退款'] }
    expect((await adminApi(`/scripts/${refund.id}`, { method: 'PUT', body })).status).toBe(200)
    expect(await titlesFor(li, `q=${encodeURIComponent('运费险')}`)).toEqual([])
    expect(await titlesFor(li, `q=${encodeURIComponent('十五天')}`)).toEqual(['七天无理由退货说明'])
  })
})

describe('sending', () => {
  it('fills the placeholders for the customer in the chat and counts the use', async () => {
    const script = await createScript({ type: 'text', title: '开场白', content: '{{customerName}}您好，我是您的专属顾问{{staffName}}～' })
    const staffName = (await login.staff(stack, 'guide_li')).staff.name
    const sent = await send(script.id, 'greet-0001')
    expect(sent.status).toBe(201)
    expect(sent.body).toEqual({
      message: { msgtype: 'text', text: { content: `林薇拉您好，我是您的专属顾问${staffName}～` } },
      usageCount: 1,
    })
    const timeline = (await guideApi(li, `/customers/${customer}`)).body.timeline.items
    expect(timeline[0]).toMatchObject({ type: 'script_sent', data: { scriptId: script.id, title: '开场白' } })
  })

  it('counts a retried send once, and concurrent sends each once', async () => {
    const script = await createScript({ type: 'text', title: '节日问候', content: '节日快乐！' })
    const retries = await Promise.all(Array.from({ length: 5 }, () => send(script.id, 'same-request-1')))
    expect(retries.map((r) => r.status)).toEqual([201, 201, 201, 201, 201])
    const distinct = await Promise.all(Array.from({ length: 8 }, (_, i) => send(script.id, `parallel-${i}-xyz`)))
    expect(distinct.every((r) => r.status === 201)).toBe(true)
    const [stored] = (await adminApi(`/scripts?q=${encodeURIComponent('节日问候')}`)).body.items
    expect(stored.usageCount).toBe(9)
    const sends = await stack.one<{ n: number }>('select count(*) as n from script_sends where script_id = ?', script.id)
    expect(sends.n).toBe(9)

    const other = await createScript({ type: 'text', title: '另一条', content: '内容' })
    expect((await send(other.id, 'same-request-1')).body.error.code).toBe('REQUEST_ID_REUSED')
  })

  it('lists the most used scripts first', async () => {
    const rare = await createScript({ type: 'text', title: '排序测试·少用', content: '排序测试内容' })
    const popular = await createScript({ type: 'text', title: '排序测试·常用', content: '排序测试内容' })
    await send(popular.id, 'order-a-0001')
    await send(popular.id, 'order-b-0001')
    await send(rare.id, 'order-c-0001')
    expect(await titlesFor(li, `q=${encodeURIComponent('排序测试')}`)).toEqual(['排序测试·常用', '排序测试·少用'])
  })

  it('pages through a long result, most used first, each script once', async () => {
    const made: { id: number }[] = []
    for (let n = 0; n < 7; n++) made.push(await createScript({ type: 'text', title: `分页测试${n}`, content: '分页测试内容', keywords: ['翻页'] }))
    await send((made[2] as { id: number }).id, 'page-a-0001')
    await send((made[5] as { id: number }).id, 'page-b-0001')
    for (const query of [`q=${encodeURIComponent('分页测试')}`, `q=${encodeURIComponent('翻页')}`]) {
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const page: { items: { title: string }[]; nextCursor: string | null } = (await guideApi(li, `/scripts?${query}&limit=3${cursor ? `&cursor=${cursor}` : ''}`)).body
        expect(page.items.length).toBeLessThanOrEqual(3)
        seen.push(...page.items.map((script: { title: string }) => script.title))
        cursor = page.nextCursor
      } while (cursor)
      // Used ones first, then the newest of the rest.
      expect(seen).toEqual(['分页测试5', '分页测试2', '分页测试6', '分页测试4', '分页测试3', '分页测试1', '分页测试0'])
    }
    expect((await guideApi(li, '/scripts?cursor=first')).body.error.code).toBe('INVALID_CURSOR')
  })

  it('sends links as news cards and mini-program cards as the JS-SDK takes them', async () => {
    const link = await createScript({
      type: 'link',
      title: '{{customerName}}的会员日专享',
      content: '全场 8 折，仅限今天',
      link: { url: 'https://shop.example.com/member-day', imageUrl: 'https://cdn.example.com/member-day.png' },
    })
    expect((await send(link.id, 'link-00001')).body.message).toEqual({
      msgtype: 'news',
      news: { link: 'https://shop.example.com/member-day', title: '林薇拉的会员日专享', desc: '全场 8 折，仅限今天', imgUrl: 'https://cdn.example.com/member-day.png' },
    })
    const card = await createScript({
      type: 'miniprogram',
      title: '每日签到领积分',
      content: '',
      miniprogram: { appid: stack.config.wechat.appId, page: 'pages/checkin/index.html', imageUrl: 'https://cdn.example.com/checkin.png' },
    })
    expect((await send(card.id, 'card-00001')).body.message).toEqual({
      msgtype: 'miniprogram',
      miniprogram: { appid: stack.config.wechat.appId, title: '每日签到领积分', imgUrl: 'https://cdn.example.com/checkin.png', page: 'pages/checkin/index.html' },
    })
  })

  it('uploads an image to WeCom once and sends it by media id until the script changes', async () => {
    const image = { type: 'image', title: '新品海报', content: '夏季新品', image: { url: `${stack.sandboxUrl}/sandbox/images/poster.png` } }
    const script = await createScript(image)
    const uploads = async () => (await mediaUploads()).filter((upload) => upload.body.type === 'image')

    const first = await send(script.id, 'image-0001')
    expect(first.status).toBe(201)
    const [upload] = await uploads()
    expect(upload?.body.filename).toBe('poster.png')
    expect(first.body.message).toEqual({ msgtype: 'image', image: { mediaid: upload?.body.media_id } })
    expect((await send(script.id, 'image-0002')).body.message).toEqual(first.body.message)
    expect(await uploads()).toHaveLength(1)

    await adminApi(`/scripts/${script.id}`, { method: 'PUT', body: { ...image, image: { url: `${stack.sandboxUrl}/sandbox/images/poster-v2.png` } } })
    const third = await send(script.id, 'image-0003')
    const latest = await uploads()
    expect(latest).toHaveLength(2)
    expect(third.body.message.image.mediaid).toBe(latest[0]?.body.media_id)
  })

  it("sends a library video or document under its own name, by the library's media, even after it left the library", async () => {
    const handbook = (await uploadLibraryFile(stack, admin, Buffer.from('%PDF-1.4\n% 会员手册\n%%EOF\n'), '会员手册.pdf')).body
    const video = (await uploadLibraryFile(stack, admin, Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(16)]), '探店.mp4')).body
    const book = { type: 'file', title: '{{customerName}}的会员手册', content: '新会员必看', file: { fileId: handbook.id } }
    const script = await createScript(book)
    expect(script).toMatchObject({ type: 'file', file: { fileId: handbook.id, name: '会员手册.pdf' } })

    const sent = await send(script.id, 'file-00001')
    expect(sent.status, JSON.stringify(sent.body)).toBe(201)
    const [upload] = await mediaUploads()
    expect(upload?.body).toMatchObject({ type: 'file', filename: '会员手册.pdf' })
    expect(sent.body).toEqual({ message: { msgtype: 'file', file: { mediaid: upload?.body.media_id } }, usageCount: 1 })
    // The 素材 tab sends the same file by the same media.
    expect((await guideApi(li, `/materials/files/${handbook.id}/sends`, { method: 'POST' })).body.message).toEqual(sent.body.message)
    expect((await mediaUploads()).filter((item) => item.body.filename === '会员手册.pdf')).toHaveLength(1)

    const clip = await createScript({ type: 'file', title: '探店视频', content: '', file: { fileId: video.id } })
    expect((await send(clip.id, 'file-00002')).body.message).toEqual({ msgtype: 'video', video: { mediaid: (await mediaUploads())[0]?.body.media_id } })

    // Out of the library, the script still sends it and may be edited keeping it; no new script may pick it.
    expect((await adminApi(`/materials/files/${handbook.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await send(script.id, 'file-00003')).body.message).toEqual(sent.body.message)
    // The guide can still open it from the script.
    const opened = await guideApi(li, `/materials/files/${handbook.id}`)
    expect(opened.body).toMatchObject({ id: handbook.id, fileName: '会员手册.pdf', url: handbook.url })
    expect((await guideApi(li, '/materials/files/999999')).status).toBe(404)
    const edited = await adminApi(`/scripts/${script.id}`, { method: 'PUT', body: { ...book, title: '会员手册（旧版）' } })
    expect(edited.body, JSON.stringify(edited.body)).toMatchObject({ title: '会员手册（旧版）', file: { fileId: handbook.id, name: '会员手册.pdf' } })
    const fresh = await adminApi('/scripts', { body: { ...book, title: '新的手册话术' } })
    expect(fresh.status).toBe(400)
    expect(fresh.body.error.code).toBe('ATTACHMENT_FILE_NOT_FOUND')
    const switched = await adminApi(`/scripts/${clip.id}`, { method: 'PUT', body: { ...book, title: '探店视频' } })
    expect(switched.body.error.code).toBe('ATTACHMENT_FILE_NOT_FOUND')
    expect((await adminApi('/scripts', { body: { ...book, file: { fileId: 999_999 } } })).body.error.code).toBe('ATTACHMENT_FILE_NOT_FOUND')

    // The library lists the scripts of one type, most used first, with words or without.
    const titles = async (query: string) => (await adminApi(`/scripts?${query}`)).body.items.map((item: { title: string }) => item.title)
    expect(await titles('type=file')).toEqual(['会员手册（旧版）', '探店视频'])
    expect(await titles(`type=file&q=${encodeURIComponent('探店')}`)).toEqual(['探店视频'])
    expect(await titlesFor(li, 'type=file&limit=1')).toEqual(['会员手册（旧版）'])
    expect((await adminApi('/scripts?type=video')).status).toBe(400)
  })

  it('answers 502 when the image cannot be fetched, counting nothing', async () => {
    const script = await createScript({ type: 'image', title: '失效图片', content: '', image: { url: `${stack.sandboxUrl}/sandbox/no-such-image.png` } })
    const reply = await send(script.id, 'broken-0001')
    expect(reply.status).toBe(502)
    expect(reply.body.error.code).toBe('SCRIPT_IMAGE_UNAVAILABLE')
    const sends = await stack.one<{ n: number }>('select count(*) as n from script_sends where script_id = ?', script.id)
    expect(sends.n).toBe(0)
  })

  it("refuses a guide who does not follow the customer, and scripts they cannot see", async () => {
    const script = await createScript({ type: 'text', title: '通用', content: '通用内容' })
    expect((await send(script.id, 'wang-00001', wang)).status).toBe(403)
    expect((await send(999_999, 'none-00001')).status).toBe(404)
  })
})

describe("a guide's own scripts", () => {
  it('are seen, edited and deleted by their owner only', async () => {
    const created = await guideApi(li, '/scripts', { body: { type: 'text', title: '我的开场白', content: '我是小李，{{customerName}}有事随时找我', keywords: ['小李'] } })
    expect(created.status).toBe(201)
    expect(created.body.scope).toBe('personal')
    expect(await titlesFor(li, `q=${encodeURIComponent('小李')}`)).toEqual(['我的开场白'])
    expect(await titlesFor(wang, `q=${encodeURIComponent('小李')}`)).toEqual([])
    expect((await adminApi(`/scripts?q=${encodeURIComponent('小李')}`)).body.items).toEqual([])

    const edit = { type: 'text', title: '我的开场白', content: '改过的内容' }
    expect((await guideApi(wang, `/scripts/${created.body.id}`, { method: 'PUT', body: edit })).status).toBe(404)
    expect((await guideApi(li, `/scripts/${created.body.id}`, { method: 'PUT', body: edit })).body.content).toBe('改过的内容')
    expect((await guideApi(wang, `/scripts/${created.body.id}`, { method: 'DELETE' })).status).toBe(404)
    expect((await guideApi(li, `/scripts/${created.body.id}`, { method: 'DELETE' })).status).toBe(204)
    expect(await titlesFor(li, `q=${encodeURIComponent('小李')}`)).toEqual([])
  })

  it('are words and links only', async () => {
    const image = await guideApi(li, '/scripts', { body: { type: 'image', title: '我的图', content: '', image: { url: 'https://cdn.example.com/a.png' } } })
    expect(image.status).toBe(400)
    expect(image.body.error.code).toBe('SCRIPT_TYPE_NOT_ALLOWED')
    const file = await guideApi(li, '/scripts', { body: { type: 'file', title: '我的文件', content: '', file: { fileId: 1 } } })
    expect(file.body.error.code).toBe('SCRIPT_TYPE_NOT_ALLOWED')
  })

  it('cannot touch the brand library', async () => {
    const script = await createScript({ type: 'text', title: '品牌话术', content: '品牌内容' })
    expect((await guideApi(li, `/scripts/${script.id}`, { method: 'DELETE' })).status).toBe(404)
  })
})

describe('admin input rules', () => {
  it('refuses unknown placeholders, unknown categories and malformed attachments', async () => {
    const typo = await adminApi('/scripts', { body: { type: 'text', title: '错别字', content: '{{custmerName}}您好' } })
    expect(typo.status).toBe(400)
    expect(typo.body.error.code).toBe('UNKNOWN_PLACEHOLDER')
    const category = await adminApi('/scripts', { body: { type: 'text', title: '无分类', content: 'x', categoryId: 99999 } })
    expect(category.body.error.code).toBe('UNKNOWN_CATEGORY')
    const page = await adminApi('/scripts', {
      body: { type: 'miniprogram', title: '错页面', content: '', miniprogram: { appid: 'wx0000000000demo01', page: 'pages/index/index', imageUrl: 'https://cdn.example.com/a.png' } },
    })
    expect(page.status).toBe(400)
    const noImage = await adminApi('/scripts', { body: { type: 'image', title: '缺图', content: '' } })
    expect(noImage.status).toBe(400)
  })
})
