// The picture library (素材库) in Chromium, against the real server: an admin uploads several pictures at
// once, renames and finds one, removes one and undoes it; then picks library pictures for a points-mall
// item (which the mini-program's API then shows), a moment's images and a welcome message's image. Videos
// and documents have shelves of their own: uploaded with their names, opened, renamed, removed and undone.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { AdminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath } from '../support/browser'
import { consoleSession, consumerOf } from '../support/console'
import { repoRoot, type Product } from '../support/product'

const asset = (file: string) => join(repoRoot, 'seed/assets', file)
const decodedWidth = (image: Locator) => image.evaluate((element: HTMLImageElement) => element.naturalWidth)

describe.skipIf(!chromiumPath)(`admin console picture library in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  const session = consoleSession({ width: 1440 })
  let product: Product
  let page: Page
  let admin: AdminApi
  beforeAll(async () => {
    ;({ product, page, admin } = session)
  })

  const open = (label: string) => page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click()
  const library = () => page.getByRole('list', { name: '素材库图片' })

  it('uploads several pictures at once, renames, finds, removes and undoes', async () => {
    await open('素材库')
    await page.getByText('素材库还没有图片，上传一张吧').waitFor()
    const jpeg = (file: string) => ({ name: file, mimeType: 'image/jpeg', buffer: readFileSync(asset(file)) })
    await page.getByLabel('上传图片到素材库').setInputFiles([
      jpeg('product-cup.jpg'),
      jpeg('product-honey.jpg'),
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') },
    ])
    const notice = page.getByRole('status').filter({ hasText: '已上传 2 张' })
    await notice.waitFor()
    await notice.getByText('notes.txt：只能上传 PNG、JPEG、GIF 或 WebP 图片').waitFor()
    const cup = library().getByRole('listitem', { name: 'product-cup' })
    await expect.poll(() => decodedWidth(cup.getByRole('img'))).toBeGreaterThan(0)
    await expect.poll(() => library().getByRole('listitem').count()).toBe(2)

    await cup.getByRole('button', { name: '重命名「product-cup」' }).click()
    await page.getByLabel('图片新名称').fill('保温杯主图')
    await page.getByRole('form', { name: '重命名图片' }).getByRole('button', { name: '保存' }).click()
    await library().getByRole('listitem', { name: '保温杯主图' }).waitFor()

    await page.getByLabel('图片名称').fill('保温杯')
    await page.getByRole('button', { name: '搜索' }).click()
    await expect.poll(() => library().getByRole('listitem').count()).toBe(1)
    await page.getByLabel('图片名称').fill('')
    await page.getByRole('button', { name: '搜索' }).click()
    await expect.poll(() => library().getByRole('listitem').count()).toBe(2)

    await library().getByRole('button', { name: '移出「product-honey」' }).click()
    const removed = page.getByRole('status').filter({ hasText: '已把「product-honey」移出素材库' })
    await removed.waitFor()
    await expect.poll(() => library().getByRole('listitem').count()).toBe(1)
    await page.screenshot({ path: artifactPath('admin-image-library.png'), fullPage: true })
    await removed.getByRole('button', { name: '撤销' }).click()
    await library().getByRole('listitem', { name: 'product-honey' }).waitFor()
    const listed = await admin.get('/materials/images')
    expect(listed.items.map((image: { title: string }) => image.title)).toEqual(['product-honey', '保温杯主图'])
  })

  it('gives a points-mall item a picture from the library, which the mini-program shows', async () => {
    const cup = (await admin.get('/materials/images?q=保温杯')).items[0]
    await open('积分商城')
    await page.getByLabel('名称', { exact: true }).fill('品牌保温杯')
    await page.getByLabel('类型').selectOption('physical')
    await page.getByRole('button', { name: '从素材库选择' }).click()
    const picker = page.getByRole('dialog', { name: '从素材库选择图片' })
    await picker.getByRole('button', { name: '选择「保温杯主图」' }).click()
    await picker.waitFor({ state: 'detached' })
    await expect.poll(() => page.getByLabel('图片地址（可不填）').inputValue()).toBe(cup.url)
    await expect.poll(() => decodedWidth(page.getByAltText('商品图片预览'))).toBeGreaterThan(0)
    await page.getByLabel('所需积分').fill('300')
    await page.getByLabel('库存').fill('20')
    await page.getByRole('button', { name: '上架', exact: true }).click()
    const row = page.locator('table tbody tr', { hasText: '品牌保温杯' })
    await expect.poll(() => decodedWidth(row.locator('img'))).toBeGreaterThan(0)

    // Another picture for it, uploaded from the picker itself.
    await row.getByRole('button', { name: '换图片' }).click()
    await page.getByRole('dialog', { name: '从素材库选择图片' }).getByLabel('上传新图片').setInputFiles(asset('product-bag.jpg'))
    await expect.poll(async () => (await row.locator('img').getAttribute('src')) ?? '').not.toBe(cup.url)
    const { call } = await consumerOf(product, 'library_shopper')
    const items = (await call('/mall/items')).body.items as { name: string; imageUrl: string | null }[]
    const bag = (await admin.get('/materials/images?q=product-bag')).items[0]
    expect(items.find((item) => item.name === '品牌保温杯')?.imageUrl).toBe(bag.url)
    expect((await fetch(bag.url)).headers.get('content-type')).toBe('image/jpeg')

    // The library says where each picture is used, and says it again when one is taken out.
    await open('素材库')
    const bagCard = library().getByRole('listitem', { name: 'product-bag' })
    await bagCard.getByRole('button', { name: '用在哪里' }).click()
    await bagCard.getByText('积分商城「品牌保温杯」').waitFor()
    const cupCard = library().getByRole('listitem', { name: '保温杯主图' })
    await cupCard.getByRole('button', { name: '用在哪里' }).click()
    await cupCard.getByText('还没有用在任何地方').waitFor()
    await page.screenshot({ path: artifactPath('admin-picture-uses.png'), fullPage: true })
    await bagCard.getByRole('button', { name: '移出「product-bag」' }).click()
    const removed = page.getByRole('status').filter({ hasText: '已把「product-bag」移出素材库。它仍用于积分商城「品牌保温杯」，那里照常显示' })
    await removed.getByRole('button', { name: '撤销' }).click()
    await library().getByRole('listitem', { name: 'product-bag' }).waitFor()
  })

  it('picks library pictures for a moment’s images and a welcome message’s image', async () => {
    const titles = (await admin.get('/materials/images')).items.map((image: { title: string; url: string }) => image)
    await open('客户朋友圈')
    await page.getByRole('button', { name: '新建朋友圈' }).click()
    const form = page.getByRole('form', { name: '新建朋友圈' })
    await form.getByLabel('附件').selectOption('image')
    // WeCom takes JPG and PNG only: a WebP is refused before it is sent.
    await form.getByLabel('上传图片').setInputFiles({ name: 'poster.webp', mimeType: 'image/webp', buffer: Buffer.from('RIFF\0\0\0\0WEBPVP8 ') })
    await form.getByRole('alert').filter({ hasText: '企业微信只收 JPG 或 PNG 图片' }).waitFor()
    // Several at once, in the order they are marked.
    await form.getByRole('button', { name: '从素材库选择' }).click()
    const picker = page.getByRole('dialog', { name: '从素材库选择图片' })
    for (const title of ['保温杯主图', 'product-honey']) await picker.getByRole('button', { name: `选择「${title}」` }).click()
    await picker.getByRole('button', { name: '确定（已选 2/9）' }).click()
    // The refusal was of the WebP, not of what was picked: it is gone.
    await expect.poll(() => form.getByRole('alert').count()).toBe(0)
    const urls = (title: string) => titles.find((image: { title: string }) => image.title === title).url
    await expect.poll(() => form.getByRole('textbox', { name: /图片地址/ }).inputValue()).toBe(`${urls('保温杯主图')}\n${urls('product-honey')}`)
    const preview = page.getByRole('figure', { name: '朋友圈预览' }).getByRole('img')
    await expect.poll(() => preview.count()).toBe(2)
    await expect.poll(() => decodedWidth(preview.nth(1))).toBeGreaterThan(0)
    await page.screenshot({ path: artifactPath('admin-moment-library-images.png'), fullPage: true })

    // Leaving the unsaved moment asks first.
    page.once('dialog', (dialog) => void dialog.accept())
    await open('欢迎语')
    await page.getByRole('button', { name: '新建欢迎语' }).click()
    const welcome = page.getByRole('form', { name: '新建欢迎语' })
    await welcome.getByRole('button', { name: '添加图片' }).click()
    await welcome.getByRole('button', { name: '从素材库选择' }).click()
    await page.getByRole('dialog', { name: '从素材库选择图片' }).getByRole('button', { name: '选择「product-honey」' }).click()
    await expect.poll(() => welcome.getByLabel('附件1图片地址').inputValue()).toBe(urls('product-honey'))
  })

  it('keeps documents and videos on shelves of their own, under the names the chat shows', async () => {
    // The welcome message left unsaved above: leave it.
    page.once('dialog', (dialog) => void dialog.accept())
    await open('素材库')
    await page.getByRole('tab', { name: '文件' }).click()
    await page.getByText('素材库还没有文件，上传一个吧').waitFor()
    const brochure = Buffer.from('%PDF-1.4\n% 品牌手册\n%%EOF\n')
    await page.getByLabel('上传文件到素材库').setInputFiles([
      { name: '2026 品牌手册.pdf', mimeType: 'application/pdf', buffer: brochure },
      { name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ not for chats') },
      { name: '探店.mp4', mimeType: 'video/mp4', buffer: Buffer.from('\0\0\0\x18ftypmp42 frames') },
    ])
    const notice = page.getByRole('status').filter({ hasText: '已上传 1 个' })
    await notice.getByText('setup.exe：只能上传 MP4 视频，或 PDF、Word、Excel、PPT、TXT、ZIP 文件').waitFor()
    await notice.getByText('探店.mp4：请到「视频」上传').waitFor()
    const files = page.getByRole('table', { name: '素材库文件' })
    const row = files.getByRole('row', { name: '2026 品牌手册' })
    await row.getByText('2026 品牌手册.pdf').waitFor()
    const opened = await admin.get('/materials/files?kind=file')
    expect(opened.items).toEqual([expect.objectContaining({ title: '2026 品牌手册', fileName: '2026 品牌手册.pdf', contentType: 'application/pdf', bytes: brochure.length })])
    expect(await row.getByRole('link', { name: '打开' }).getAttribute('href')).toBe(opened.items[0].url)
    expect(Buffer.from(await (await fetch(opened.items[0].url)).arrayBuffer()).equals(brochure)).toBe(true)

    await row.getByRole('button', { name: '重命名「2026 品牌手册」' }).click()
    await page.getByLabel('文件新名称').fill('品牌手册')
    await page.getByRole('form', { name: '重命名文件' }).getByRole('button', { name: '保存' }).click()
    const renamed = files.getByRole('row', { name: '品牌手册', exact: true })
    await renamed.getByText('2026 品牌手册.pdf').waitFor()
    await renamed.getByRole('button', { name: '移出「品牌手册」' }).click()
    const removed = page.getByRole('status').filter({ hasText: '已把「品牌手册」移出素材库' })
    await page.getByText('素材库还没有文件，上传一个吧').waitFor()
    await removed.getByRole('button', { name: '撤销' }).click()
    await files.getByRole('row', { name: '品牌手册', exact: true }).waitFor()
    await page.screenshot({ path: artifactPath('admin-file-library.png'), fullPage: true })

    await page.getByRole('tab', { name: '视频' }).click()
    await page.getByLabel('上传视频到素材库').setInputFiles({ name: '探店.mp4', mimeType: 'video/mp4', buffer: Buffer.from('\0\0\0\x18ftypmp42 frames') })
    await page.getByRole('table', { name: '素材库视频' }).getByRole('row', { name: '探店' }).getByLabel('预览「探店」').waitFor()
    expect((await admin.get('/materials/files?kind=video')).items.map((file: { fileName: string }) => file.fileName)).toEqual(['探店.mp4'])

    // A welcome message takes the book from the library, shown by the name the chat will show.
    await open('欢迎语')
    await page.getByRole('button', { name: '新建欢迎语' }).click()
    const welcome = page.getByRole('form', { name: '新建欢迎语' })
    await welcome.getByLabel('名称（最多 50 字）').fill('送品牌手册')
    await welcome.getByRole('button', { name: '添加视频或文件' }).click()
    await welcome.getByRole('button', { name: '从素材库选择' }).click()
    await page.getByRole('dialog', { name: '从素材库选择视频或文件' }).getByRole('button', { name: '选择「品牌手册」' }).click()
    await welcome.getByText('2026 品牌手册.pdf').first().waitFor()
    await page.screenshot({ path: artifactPath('admin-welcome-file.png'), fullPage: true })
    await page.getByRole('button', { name: '创建欢迎语' }).click()
    await expect
      .poll(async () => (await admin.get('/welcome-messages')).items.find((message: { name: string }) => message.name === '送品牌手册')?.attachments)
      .toEqual([{ type: 'file', fileId: opened.items[0].id, name: '2026 品牌手册.pdf' }])

    // The shelf says where the book is used, and says it again when the book is taken out.
    await open('素材库')
    await page.getByRole('tab', { name: '文件' }).click()
    const book = page.getByRole('table', { name: '素材库文件' }).getByRole('row', { name: '品牌手册', exact: true })
    await book.getByRole('button', { name: '用在哪里' }).click()
    await book.getByText('欢迎语「送品牌手册」').waitFor()
    await book.getByRole('button', { name: '移出「品牌手册」' }).click()
    const taken = page.getByRole('status').filter({ hasText: '已把「品牌手册」移出素材库' })
    await taken.getByText('它仍用于欢迎语「送品牌手册」，那里照常发送', { exact: false }).waitFor()
    await taken.getByRole('button', { name: '撤销' }).click()
    await page.getByRole('table', { name: '素材库文件' }).getByRole('row', { name: '品牌手册', exact: true }).waitFor()

    // A moment's video comes from the library's videos too, and goes to WeCom as the moment's video.
    const [video] = (await admin.get('/materials/files?kind=video')).items
    await open('客户朋友圈')
    await page.getByRole('button', { name: '新建朋友圈' }).click()
    const moment = page.getByRole('form', { name: '新建朋友圈' })
    await moment.getByRole('textbox', { name: /文字/ }).fill('到店探店视频，周末来玩')
    await moment.getByLabel('附件').selectOption('video')
    await moment.getByRole('button', { name: '从素材库选择视频' }).click()
    await page.getByRole('dialog', { name: '从素材库选择视频' }).getByRole('button', { name: '选择「探店」' }).click()
    await expect.poll(() => moment.getByRole('textbox', { name: /视频地址/ }).inputValue()).toBe(video.url)
    await page.getByRole('figure', { name: '朋友圈预览' }).getByLabel('视频预览').waitFor()
    await moment.getByRole('button', { name: '创建并通知企业微信' }).click()
    await page.getByRole('region', { name: '朋友圈发表情况' }).waitFor()
    const uploads = (await (await fetch(`${product.sandboxUrl}/sandbox/wecom/messages?api=media/upload_attachment`)).json()) as { items: { body: { type: string; size: number } }[] }
    expect(uploads.items[0]?.body).toMatchObject({ type: 'video', size: video.bytes })
  })
})
