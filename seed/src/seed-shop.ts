// The demo's storefront, through the admin API: categories in their order, home banners, the
// activity products filed under them, and a T-shirt sold in two colours and two sizes with their
// own prices and stock. Safe to run again: what exists is kept.
import { readFileSync } from 'node:fs'
import { call } from './http'

interface SeedTarget {
  serverUrl: string
  admin: { username: string; password: string }
}

const CATEGORIES = [
  { name: '茶饮', sortOrder: 1 },
  { name: '家居', sortOrder: 2 },
  { name: '服饰', sortOrder: 3 },
]

/** Each demo product's category and picture (in assets/). */
const FILED: Record<string, { category: string; picture: string }> = {
  留量精选保温杯: { category: '家居', picture: 'product-cup.jpg' },
  云南古树红茶礼盒: { category: '茶饮', picture: 'product-tea.jpg' },
  '百花蜂蜜 500g': { category: '茶饮', picture: 'product-honey.jpg' },
  品牌帆布袋: { category: '服饰', picture: 'product-bag.jpg' },
}

const TEE = { name: '留量纪念 T 恤', priceFen: 12_900, stock: 0, description: '精梳棉，宽松版型' }
const TEE_SKUS = [
  ['白色', 'M', 12_900, 30],
  ['白色', 'L', 13_900, 20],
  ['黑色', 'M', 12_900, 25],
  ['黑色', 'L', 13_900, 0],
] as const

export async function seedShop({ serverUrl, admin }: SeedTarget): Promise<string> {
  const { token } = await call(`${serverUrl}/api/admin/login`, { body: admin })
  const asAdmin = (path: string, body?: unknown, method?: string) => call(`${serverUrl}/api/admin${path}`, { token, body, ...(method ? { method } : {}) })

  const categories = new Map<string, number>((await asAdmin('/shop/categories')).items.map((c: { name: string; id: number }) => [c.name, c.id]))
  for (const category of CATEGORIES) {
    if (!categories.has(category.name)) categories.set(category.name, (await asAdmin('/shop/categories', category)).id)
  }

  const products = new Map<string, number>((await asAdmin('/products')).items.map((p: { name: string; id: number }) => [p.name, p.id]))
  if (!products.has(TEE.name)) {
    const tee = await asAdmin('/products', TEE)
    products.set(TEE.name, tee.id)
    await asAdmin(
      `/products/${tee.id}/skus`,
      {
        skus: TEE_SKUS.map(([colour, size, priceFen, stock]) => ({
          options: [
            { name: '颜色', value: colour },
            { name: '尺码', value: size },
          ],
          priceFen,
          stock,
        })),
      },
      'PUT',
    )
  }
  // Pictures are uploaded into the library as an admin uploads them, so the server serves them itself; a
  // product whose gallery the admin already set keeps it.
  const upload = async (file: string, title: string): Promise<string> =>
    (await call(`${serverUrl}/api/admin/materials/images?title=${encodeURIComponent(title)}`, { token, raw: { contentType: 'image/jpeg', data: readFileSync(new URL(`../assets/${file}`, import.meta.url)) } })).url

  for (const [name, { category, picture }] of Object.entries({ ...FILED, [TEE.name]: { category: '服饰', picture: 'product-tee.jpg' } })) {
    const id = products.get(name)
    if (!id) continue
    const { images } = (await asAdmin(`/products/${id}/detail`)) as { images: string[] }
    await asAdmin(`/products/${id}/shop`, { categoryId: categories.get(category) ?? null, images: images.length ? images : [await upload(picture, name)] }, 'PUT')
  }
  const banners: { title: string }[] = (await asAdmin('/shop/banners')).items
  const wanted = [
    { title: '纪念 T 恤上新', image: 'banner-tee.jpg', linkType: 'product', linkId: products.get(TEE.name), sortOrder: 1 },
    { title: '春茶季', image: 'banner-tea.jpg', linkType: 'category', linkId: categories.get('茶饮'), sortOrder: 2 },
  ]
  for (const { image, ...banner } of wanted) {
    if (!banners.some((existing) => existing.title === banner.title)) await asAdmin('/shop/banners', { ...banner, imageUrl: await upload(image, banner.title) })
  }
  return `Shop: ${categories.size} categories, ${wanted.length} banners, ${TEE.name} in ${TEE_SKUS.length} SKUs`
}
