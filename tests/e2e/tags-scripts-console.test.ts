// The admin console's tag and script library pages in Chromium, against the real server: an admin
// builds tag groups mirrored in WeCom, lets a rule tag new distributors, deletes a tag knowing who loses
// it, and keeps the brand's scripts (a library document among them) that guides then find in the sidebar.
import { describe, expect, it } from 'vitest'
import { consoleSession } from '../support/console'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath } from '../support/browser'

type Json = Record<string, any>

describe.skipIf(!chromiumPath)(`admin console tag and script pages in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  const session = consoleSession({ width: 1400 })

  const open = (label: string) => session.page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click()
  const groupNamed = async (name: string): Promise<Json | undefined> => (await session.admin.get('/tags')).groups.find((g: Json) => g.name === name)
  const groupCard = (name: string) => session.page.getByRole('article', { name: `标签组「${name}」` })
  /** What WeCom (the sandbox) holds, read as any app of the corp would with the development credentials. */
  const wecomTagGroups = async (): Promise<Json[]> => {
    const auth = (await (await fetch(`${session.product.sandboxUrl}/cgi-bin/gettoken?corpid=ww0000000000demo01&corpsecret=sandbox-wecom-secret`)).json()) as Json
    const reply = await fetch(`${session.product.sandboxUrl}/cgi-bin/externalcontact/get_corp_tag_list?access_token=${auth.access_token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    return ((await reply.json()) as Json).tag_group
  }
  const asGuide = async (path: string) => {
    const login = await fetch(`${session.product.serverUrl}/api/sidebar/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: `test_guide_li~e2e-${Date.now()}-${Math.random()}` }),
    })
    const { token } = (await login.json()) as { token: string }
    return (await (await fetch(`${session.product.serverUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as Json
  }

  it('creates a tag group with its tags in WeCom, renames it and makes it exclusive', async () => {
    await open('标签管理')
    await session.page.getByText('还没有标签').waitFor()
    const form = session.page.getByRole('form', { name: '新建标签组' })
    await form.getByLabel('标签组名称').fill('购买意向')
    await form.getByLabel('第一个标签').fill('高意向')
    await form.getByRole('button', { name: '新建标签组' }).click()
    await groupCard('购买意向').waitFor()

    await session.page.getByLabel('在「购买意向」中新增标签').fill('低意向')
    await session.page.getByRole('button', { name: '添加标签' }).click()
    await groupCard('购买意向').getByRole('row', { name: '标签「低意向」' }).waitFor()
    expect((await groupNamed('购买意向'))?.tags.map((t: Json) => t.name)).toEqual(['高意向', '低意向'])
    const inWecom = (await wecomTagGroups()).find((group) => group.group_name === '购买意向')
    expect(inWecom?.tag.map((tag: Json) => tag.name)).toEqual(['高意向', '低意向'])

    await groupCard('购买意向').getByRole('button', { name: '设为互斥' }).click()
    await groupCard('购买意向').getByText('互斥', { exact: true }).waitFor()
    await groupCard('购买意向').getByRole('button', { name: '重命名「购买意向」' }).click()
    await session.page.getByLabel('标签组新名称').fill('意向')
    await session.page.getByRole('form', { name: '重命名标签组' }).getByRole('button', { name: '保存' }).click()
    await groupCard('意向').waitFor()
    expect(await groupNamed('意向')).toMatchObject({ exclusive: true })
    // Guides pick from the same groups in the sidebar.
    expect((await asGuide('/api/sidebar/tags')).groups.map((g: Json) => g.name)).toContain('意向')
  })

  it('shows the server’s reason when WeCom’s mirror refuses a name', async () => {
    await session.admin.post('/tags', { groupName: '渠道', name: '门店' })
    await open('客户列表')
    await open('标签管理')
    await groupCard('意向').getByRole('button', { name: '重命名「意向」' }).click()
    await session.page.getByLabel('标签组新名称').fill('渠道')
    await session.page.getByRole('form', { name: '重命名标签组' }).getByRole('button', { name: '保存' }).click()
    await session.page.getByRole('alert').filter({ hasText: '已经有名为「渠道」的标签组' }).waitFor()
    await session.page.getByRole('form', { name: '重命名标签组' }).getByRole('button', { name: '取消' }).click()
    expect(await groupNamed('意向')).toBeDefined()
  })

  it('tags new distributors by rule, then deletes the tag saying who loses it', async () => {
    const rule = session.page.getByRole('row', { name: '成为分销员' })
    await rule.getByLabel('成为分销员的标签').selectOption({ label: '高意向' })
    await rule.getByRole('checkbox').check()
    await rule.getByRole('button', { name: '保存' }).click()
    await rule.getByRole('status').filter({ hasText: '已保存' }).waitFor()
    const rules = (await session.admin.get('/tag-rules')).rules as Json[]
    expect(rules.find((r) => r.activity === 'distributor_joined')).toMatchObject({ enabled: true, tag: { name: '高意向' } })

    const login = await fetch(`${session.product.serverUrl}/api/mp/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: `test_console_tag~${Date.now()}` }),
    })
    const { token } = (await login.json()) as { token: string }
    const applied = await fetch(`${session.product.serverUrl}/api/mp/distributor`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    expect(applied.status).toBe(201)
    await expect.poll(async () => (await groupNamed('意向'))?.tags.find((t: Json) => t.name === '高意向')?.customerCount).toBe(1)

    await open('客户列表')
    await open('标签管理')
    const row = groupCard('意向').getByRole('row', { name: '标签「高意向」' })
    await row.getByRole('cell', { name: '1', exact: true }).waitFor()
    let prompt = ''
    session.page.once('dialog', (dialog) => {
      prompt = dialog.message()
      void dialog.accept()
    })
    await row.getByRole('button', { name: '删除' }).click()
    await row.waitFor({ state: 'detached' })
    expect(prompt).toContain('1 位客户将失去这个标签')
    expect((await groupNamed('意向'))?.tags.map((t: Json) => t.name)).toEqual(['低意向'])
    // The rule lost its tag with it, and shows so.
    await expect.poll(async () => ((await session.admin.get('/tag-rules')).rules as Json[]).find((r) => r.activity === 'distributor_joined')?.tag).toBeNull()
    await session.page.screenshot({ path: artifactPath('admin-tags.png'), fullPage: true })
  })

  it('asks before leaving a half-typed tag, and leaves when told to', async () => {
    await session.page.getByLabel('在「意向」中新增标签').fill('未保存的标签')
    session.page.once('dialog', (dialog) => void dialog.dismiss())
    await open('客户列表')
    expect(await session.page.getByLabel('在「意向」中新增标签').inputValue()).toBe('未保存的标签')
    session.page.once('dialog', (dialog) => void dialog.accept())
    await open('客户列表')
    await session.page.getByRole('heading', { name: '客户列表' }).waitFor()
  })

  it('keeps categories in the order the admin sets', async () => {
    await open('话术库')
    await session.page.getByText('话术库还是空的').waitFor()
    const form = session.page.getByRole('form', { name: '新建分类' })
    for (const name of ['开场白', '售后']) {
      await form.getByLabel('新分类名称').fill(name)
      await form.getByRole('button', { name: '添加分类' }).click()
      await session.page.getByRole('button', { name: name, exact: true }).waitFor()
    }
    await session.page.getByRole('button', { name: '上移「售后」' }).click()
    await expect.poll(async () => (await session.admin.get('/script-categories')).categories.map((c: Json) => c.name)).toEqual(['售后', '开场白'])
  })

  it('writes a script with a placeholder, previews it for a sample customer, and guides find it', async () => {
    await session.page.getByRole('button', { name: '新建话术' }).click()
    const editor = session.page.getByRole('form', { name: '新建话术' })
    await editor.getByText('请填写标题').waitFor()
    expect(await editor.getByRole('button', { name: '保存话术' }).isDisabled()).toBe(true)
    await editor.getByLabel('标题').fill('到店欢迎语')
    await editor.getByLabel('分类').selectOption({ label: '开场白' })
    await editor.getByLabel(/关键词/).fill('欢迎 到店')
    await editor.getByLabel('话术内容').fill('您好')
    await editor.getByRole('button', { name: '插入客户称呼' }).click()
    await editor.getByLabel('话术内容').press('End')
    await editor.getByLabel('话术内容').pressSequentially('，欢迎光临')
    await editor.getByTestId('script-preview').getByText('您好林小艾，欢迎光临').waitFor()
    await session.page.screenshot({ path: artifactPath('admin-script-editor.png'), fullPage: true })
    await editor.getByRole('button', { name: '保存话术' }).click()
    await session.page.getByRole('row', { name: '话术「到店欢迎语」' }).waitFor()

    const { items } = await session.admin.get(`/scripts?q=${encodeURIComponent('欢迎语')}`)
    expect(items).toMatchObject([{ title: '到店欢迎语', type: 'text', content: '您好{{customerName}}，欢迎光临', keywords: ['欢迎', '到店'] }])
    const sidebar = await asGuide(`/api/sidebar/scripts?q=${encodeURIComponent('欢迎语')}`)
    expect(sidebar.items.map((s: Json) => s.title)).toEqual(['到店欢迎语'])
  })

  it('refuses a mini-program card the server would refuse, saying why', async () => {
    await session.page.getByRole('button', { name: '新建话术' }).click()
    const editor = session.page.getByRole('form', { name: '新建话术' })
    await editor.getByLabel('类型').selectOption({ label: '小程序' })
    await editor.getByLabel('标题').fill('签到领积分')
    await editor.getByLabel('小程序 AppID').fill('wx123')
    await editor.getByLabel('小程序页面路径').fill('pages/checkin/index')
    await editor.getByText('小程序 AppID 应为 wx 开头的 18 位字母数字').waitFor()
    await editor.getByText(/页面路径需以 .html 结尾/).waitFor()
    expect(await editor.getByRole('button', { name: '保存话术' }).isDisabled()).toBe(true)
    await editor.getByRole('button', { name: '关闭' }).click()
  })

  it('sends a library document as a script: picked from the library, previewed as the chat shows it', async () => {
    const book = await session.admin.uploadLibraryFile('会员手册.pdf', Buffer.from('%PDF-1.4\n% 会员手册\n%%EOF\n'))
    await session.page.getByRole('button', { name: '新建话术' }).click()
    const editor = session.page.getByRole('form', { name: '新建话术' })
    await editor.getByLabel('类型').selectOption({ label: '视频/文件' })
    await editor.getByLabel('标题').fill('会员手册')
    await editor.getByLabel('分类').selectOption({ label: '（不分类）' })
    await editor.getByText('请从素材库选择要发送的视频或文件').waitFor()
    await editor.getByRole('button', { name: '从素材库选择' }).click()
    await session.page.getByRole('dialog', { name: '从素材库选择视频或文件' }).getByRole('button', { name: '选择「会员手册」' }).click()
    await editor.getByTestId('script-preview').getByText('会员手册.pdf').waitFor()
    await session.page.screenshot({ path: artifactPath('admin-file-script.png'), fullPage: true })
    await editor.getByRole('button', { name: '保存话术' }).click()
    await session.page.getByRole('row', { name: '话术「会员手册」' }).waitFor()
    const { items } = await session.admin.get(`/scripts?q=${encodeURIComponent('会员手册')}`)
    expect(items).toMatchObject([{ type: 'file', content: '', file: { fileId: book.id, name: '会员手册.pdf' } }])

    // The library shows the scripts of one type.
    await session.page.getByLabel('话术类型').selectOption({ label: '视频/文件' })
    await expect.poll(() => session.page.getByRole('row', { name: /^话术「/ }).count()).toBe(1)
    await session.page.getByRole('row', { name: '话术「会员手册」' }).waitFor()
    await session.page.getByLabel('话术类型').selectOption({ label: '全部类型' })
    await expect.poll(() => session.page.getByRole('row', { name: /^话术「/ }).count()).toBeGreaterThan(1)
  })

  it('searches and pages through the library, edits a script and deletes one', async () => {
    await Promise.all(
      Array.from({ length: 21 }, (_, i) => session.admin.post('/scripts', { type: 'text', title: `售后回访 ${i + 1}`, content: '您好，最近用得怎么样？' })),
    )
    await open('客户列表')
    await open('话术库')
    await session.page.getByLabel('搜索话术').fill('售后回访')
    await session.page.getByRole('button', { name: '搜索', exact: true }).click()
    await session.page.getByText('第 1 页').waitFor()
    await expect.poll(() => session.page.getByRole('row', { name: /话术「售后回访/ }).count()).toBe(20)
    await session.page.getByRole('button', { name: '下一页' }).click()
    await session.page.getByText('第 2 页').waitFor()
    await expect.poll(() => session.page.getByRole('row', { name: /话术「售后回访/ }).count()).toBe(1)

    await session.page.getByRole('button', { name: '清除搜索' }).click()
    await session.page.getByRole('button', { name: '开场白', exact: true }).click()
    const row = session.page.getByRole('row', { name: '话术「到店欢迎语」' })
    await row.getByRole('button', { name: '编辑' }).click()
    const editor = session.page.getByRole('form', { name: '编辑话术「到店欢迎语」' })
    await editor.getByLabel('标题').fill('进店欢迎语')
    await editor.getByRole('button', { name: '保存话术' }).click()
    await session.page.getByRole('row', { name: '话术「进店欢迎语」' }).waitFor()
    expect((await session.admin.get(`/scripts?q=${encodeURIComponent('欢迎语')}`)).items.map((s: Json) => s.title)).toEqual(['进店欢迎语'])

    session.page.once('dialog', (dialog) => void dialog.accept())
    await session.page.getByRole('row', { name: '话术「进店欢迎语」' }).getByRole('button', { name: '删除' }).click()
    await session.page.getByText('没有符合条件的话术').waitFor()
    expect((await session.admin.get(`/scripts?q=${encodeURIComponent('欢迎语')}`)).items).toEqual([])
  })
})
