// Accounts and roles in the console: the owner invites a finance colleague in 账号管理 and hands over the
// one-time password shown once; the colleague signs in with it, is held on the password page until they
// choose their own, signs in again, and finds the finance pages in the navigation but not the activities,
// with 无权限 naming the permission when opening one by its address.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath, launchChromium } from '../support/browser'
import { signInToConsole } from '../support/console'
import { startProduct, type Product } from '../support/product'

describe.skipIf(!chromiumPath)(`console accounts and roles in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let product: Product
  let browser: Browser
  let owner: Page
  const failures: string[] = []
  let oneTimePassword = ''

  beforeAll(async () => {
    product = await startProduct()
    browser = await launchChromium()
    owner = await signInToConsole(browser, product, 1400)
    owner.on('pageerror', (error) => failures.push(error.message))
    await owner.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: product.serverUrl })
  })
  afterAll(async () => {
    await browser?.close()
    await product?.stop()
  })

  const nav = (page: Page) => page.getByRole('navigation', { name: '主导航' })
  const navLabels = (page: Page) => nav(page).getByRole('link').allTextContents()

  it('the owner invites a finance colleague and is shown the one-time password once, with a copy button', async () => {
    await nav(owner).getByRole('link', { name: '账号管理', exact: true }).click()
    await owner.getByRole('heading', { name: '账号管理' }).waitFor()
    await owner.getByRole('row', { name: '账号 admin' }).getByText('所有者').waitFor()
    // 操作日志 now sits under 设置, beside the accounts and the roles.
    expect(await navLabels(owner)).toEqual(expect.arrayContaining(['账号管理', '角色权限', '操作日志']))

    await owner.getByRole('button', { name: '邀请同事' }).click()
    const invite = owner.getByRole('dialog', { name: '邀请同事' })
    await invite.getByLabel(/用户名/).fill('wang_fin')
    await invite.getByLabel('姓名').fill('王会计')
    await invite.getByLabel('角色').selectOption({ label: '财务' })
    // The department tree comes from WeCom; the finance colleague works for the whole brand.
    await invite.getByRole('group', { name: '部门' }).getByText('南京西路店').waitFor()
    await owner.screenshot({ path: artifactPath('console-accounts-invite.png') })
    await invite.getByRole('button', { name: '邀请并生成一次性密码' }).click()

    const shown = owner.getByRole('dialog', { name: '一次性密码' })
    oneTimePassword = (await shown.getByLabel('一次性密码').textContent()) ?? ''
    expect(oneTimePassword).toMatch(/^[A-Za-z0-9]{12}$/)
    await shown.getByText('只显示这一次').waitFor()
    await shown.getByRole('button', { name: '复制' }).click()
    await shown.getByText('已复制').waitFor()
    expect(await owner.evaluate(() => navigator.clipboard.readText())).toBe(oneTimePassword)
    await owner.screenshot({ path: artifactPath('console-accounts-one-time-password.png') })
    await shown.getByRole('button', { name: '我已记下，关闭' }).click()

    const row = owner.getByRole('row', { name: '账号 wang_fin' })
    await row.getByText('财务', { exact: true }).waitFor()
    await row.getByText('待设置密码').waitFor()
    await row.getByText('从未登录').waitFor()
    await row.getByText('全部（不限门店）').waitFor()
  })

  it('the colleague must replace the one-time password before anything else, then sees only what finance may', async () => {
    expect(oneTimePassword).not.toBe('')
    const page = await signInToConsole(browser, product, 1400, { username: 'wang_fin', password: oneTimePassword })
    page.on('pageerror', (error) => failures.push(error.message))
    await page.getByRole('heading', { name: '设置你自己的密码' }).waitFor()
    await page.getByText('你正在使用管理员发给你的一次性密码').waitFor()
    expect(await nav(page).getByRole('link').count()).toBe(0)
    // An address does not lead around it.
    await page.goto(`${product.serverUrl}/admin/#/after-sales`)
    await page.getByRole('heading', { name: '设置你自己的密码' }).waitFor()
    expect(await page.getByRole('heading', { name: '售后' }).count()).toBe(0)

    await page.getByLabel('当前密码（一次性密码）').fill(oneTimePassword)
    await page.getByLabel('新密码', { exact: true }).fill('wang-fin-own-pass')
    await page.getByLabel('再次输入新密码').fill('wang-fin-own-pass')
    await page.getByRole('button', { name: '保存' }).click()
    await page.getByText('密码已修改，请用新密码登录').waitFor()
    await page.getByLabel('用户名').fill('wang_fin')
    await page.getByLabel('密码').fill('wang-fin-own-pass')
    await page.getByRole('button', { name: /登录/ }).click()

    await nav(page).getByRole('link', { name: '售后', exact: true }).waitFor()
    const labels = await navLabels(page)
    expect(labels).toEqual(expect.arrayContaining(['售后', '提现审核', '订单', '数据看板']))
    for (const hidden of ['抽奖活动', '客户列表', '账号管理', '操作日志']) expect(labels).not.toContain(hidden)
    await page.getByText('王会计（财务）').waitFor()

    await nav(page).getByRole('link', { name: '提现审核', exact: true }).click()
    await page.getByRole('heading', { name: '提现审核' }).waitFor()
    await page.getByText('没有待处理的提现申请').waitFor()
    // Orders are read, not changed: finance holds conversion at 查看.
    await nav(page).getByRole('link', { name: '订单', exact: true }).click()
    await page.getByText('只有查看权限').waitFor()

    await page.goto(`${product.serverUrl}/admin/#/lotteries`)
    await page.getByRole('heading', { name: '无权限' }).waitFor()
    await page.getByText('打开「抽奖活动」需要「促活」的查看权限，你的角色（财务）没有。').waitFor()
    await page.screenshot({ path: artifactPath('console-accounts-no-access.png') })
    await page.close()
  })

  it('lists the colleague’s first login, and keeps the built-in roles read-only beside a custom one', async () => {
    await owner.reload()
    await nav(owner).getByRole('link', { name: '账号管理', exact: true }).waitFor()
    const row = owner.getByRole('row', { name: '账号 wang_fin' })
    await row.getByText('启用').waitFor()
    expect(await row.getByText('从未登录').count()).toBe(0)

    await nav(owner).getByRole('link', { name: '角色权限', exact: true }).click()
    const finance = owner.getByRole('article', { name: '角色「财务」' })
    await finance.getByText('1 个账号使用').waitFor()
    expect(await finance.getByRole('button', { name: '编辑' }).count()).toBe(0)
    await finance.getByLabel('财务·管理').getByText('✓').waitFor()

    await owner.getByRole('button', { name: '新建角色' }).click()
    const editor = owner.getByRole('dialog', { name: '新建角色' })
    await editor.getByLabel('角色名称').fill('活动审核')
    await editor.getByText('渠道活码、欢迎语、群活码、入群欢迎语、任务宝').waitFor()
    await editor.getByLabel('促活·管理').check()
    // 管理 includes 查看.
    expect(await editor.getByLabel('促活·查看').isChecked()).toBe(true)
    await editor.getByRole('button', { name: '保存' }).click()
    const custom = owner.getByRole('article', { name: '角色「活动审核」' })
    await custom.getByText('0 个账号使用').waitFor()
    await custom.getByLabel('促活·管理').getByText('✓').waitFor()

    // A role in use is not deleted: the server says why.
    await owner.getByRole('article', { name: '角色「财务」' }).waitFor()
    await nav(owner).getByRole('link', { name: '账号管理', exact: true }).click()
    await owner.getByRole('row', { name: '账号 wang_fin' }).getByRole('button', { name: '编辑' }).click()
    const edit = owner.getByRole('dialog', { name: '编辑账号「wang_fin」' })
    await edit.getByLabel('角色').selectOption({ label: '活动审核' })
    await edit.getByRole('button', { name: '保存' }).click()
    await owner.getByRole('row', { name: '账号 wang_fin' }).getByText('活动审核').waitFor()
    await nav(owner).getByRole('link', { name: '角色权限', exact: true }).click()
    await owner.getByRole('article', { name: '角色「活动审核」' }).getByRole('button', { name: '删除' }).click()
    await owner.getByRole('button', { name: '确认删除' }).click()
    await owner.getByText('还有 1 个账号使用这个角色，请先为他们换角色').waitFor()
    expect(failures).toEqual([])
  })

  it('resets a forgotten password to a new one-time password, and disables and enables the account after asking', async () => {
    await nav(owner).getByRole('link', { name: '账号管理', exact: true }).click()
    const row = () => owner.getByRole('row', { name: '账号 wang_fin' })
    await row().getByRole('button', { name: '重置密码' }).click()
    await owner.getByRole('button', { name: '确认重置' }).click()
    const shown = owner.getByRole('dialog', { name: '一次性密码' })
    await shown.getByText('已为王会计（wang_fin）重置密码').waitFor()
    const fresh = (await shown.getByLabel('一次性密码').textContent()) ?? ''
    expect(fresh).toMatch(/^[A-Za-z0-9]{12}$/)
    expect(fresh).not.toBe(oneTimePassword)
    await shown.getByRole('button', { name: '我已记下，关闭' }).click()
    await row().getByText('待设置密码').waitFor()

    await row().getByRole('button', { name: '停用' }).click()
    await owner.getByText('会立即退出登录，且不能再登录').waitFor()
    await owner.getByRole('button', { name: '确认停用' }).click()
    await row().getByText('已停用').waitFor()
    const refused = await fetch(`${product.serverUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'wang_fin', password: fresh }),
    })
    expect(refused.status).toBe(401)

    await row().getByRole('button', { name: '启用' }).click()
    await owner.getByRole('button', { name: '确认启用' }).click()
    await row().getByText('待设置密码').waitFor()
    // The owner neither disables nor resets their own account: the buttons are not offered.
    const own = owner.getByRole('row', { name: '账号 admin' })
    expect(await own.getByRole('button', { name: '停用' }).count()).toBe(0)
    expect(await own.getByRole('button', { name: '重置密码' }).count()).toBe(0)
    expect(failures).toEqual([])
  })

  it('follows a change of a custom role’s permissions at the colleague’s next page, without signing them out', async () => {
    const reset = owner.getByRole('row', { name: '账号 wang_fin' })
    await reset.getByRole('button', { name: '重置密码' }).click()
    await owner.getByRole('button', { name: '确认重置' }).click()
    const fresh = (await owner.getByRole('dialog', { name: '一次性密码' }).getByLabel('一次性密码').textContent()) ?? ''
    await owner.getByRole('button', { name: '我已记下，关闭' }).click()
    const page = await signInToConsole(browser, product, 1400, { username: 'wang_fin', password: fresh })
    page.on('pageerror', (error) => failures.push(error.message))
    await page.getByLabel('当前密码（一次性密码）').fill(fresh)
    await page.getByLabel('新密码', { exact: true }).fill('wang-fin-second-pass')
    await page.getByLabel('再次输入新密码').fill('wang-fin-second-pass')
    await page.getByRole('button', { name: '保存' }).click()
    await page.getByLabel('用户名').fill('wang_fin')
    await page.getByLabel('密码').fill('wang-fin-second-pass')
    await page.getByRole('button', { name: /登录/ }).click()
    // 活动审核 holds 促活 at 管理: the activities, and nothing of finance.
    await nav(page).getByRole('link', { name: '抽奖活动', exact: true }).click()
    await page.getByRole('form', { name: '新建抽奖' }).waitFor()
    expect(await navLabels(page)).not.toContain('售后')

    await nav(owner).getByRole('link', { name: '角色权限', exact: true }).click()
    await owner.getByRole('article', { name: '角色「活动审核」' }).getByRole('button', { name: '编辑' }).click()
    const editor = owner.getByRole('dialog', { name: '编辑角色「活动审核」' })
    await editor.getByLabel('促活·管理').uncheck()
    await editor.getByLabel('财务·查看').check()
    await editor.getByRole('button', { name: '保存' }).click()
    await owner.getByRole('article', { name: '角色「活动审核」' }).getByLabel('财务·查看').getByText('✓').waitFor()

    await nav(page).getByRole('link', { name: '话术库', exact: true }).click()
    await nav(page).getByRole('link', { name: '售后', exact: true }).waitFor()
    await page.getByText('只有查看权限').waitFor()
    expect(await page.getByRole('button', { name: '新建话术' }).count()).toBe(0)
    await page.close()
    expect(failures).toEqual([])
  })
})
