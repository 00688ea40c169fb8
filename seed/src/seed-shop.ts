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

const FILED: Record<string, string> = {
  留量精选保温杯: '家居',
  云南古树红茶礼盒: '茶饮',
  '百花蜂蜜 500g': '茶饮',
  品牌帆布袋: '服饰',
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
  for (const [name, category] of Object.entries({ ...FILED, [TEE.name]: '服饰' })) {
    const id = products.get(name)
    if (id) await asAdmin(`/products/${id}/shop`, { categoryId: categories.get(category) ?? null, images: [] }, 'PUT')
  }

  // The banners' pictures are uploaded as an admin uploads them, so the server serves them itself.
  const upload = async (file: string): Promise<string> =>
    (await call(`${serverUrl}/api/admin/shop/images`, { token, raw: { contentType: 'image/jpeg', data: readFileSync(new URL(`../assets/${file}`, import.meta.url)) } })).url
  const banners: { title: string }[] = (await asAdmin('/shop/banners')).items
  const wanted = [
    { title: '纪念 T 恤上新', image: 'banner-tee.jpg', linkType: 'product', linkId: products.get(TEE.name), sortOrder: 1 },
    { title: '春茶季', image: 'banner-tea.jpg', linkType: 'category', linkId: categories.get('茶饮'), sortOrder: 2 },
  ]
  for (const { image, ...banner } of wanted) {
    if (!banners.some((existing) => existing.title === banner.title)) await asAdmin('/shop/banners', { ...banner, imageUrl: await upload(image) })
  }
  return `Shop: ${categories.size} categories, ${wanted.length} banners, ${TEE.name} in ${TEE_SKUS.length} SKUs`
}
