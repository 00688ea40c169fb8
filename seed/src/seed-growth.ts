// Some of the customers the live codes brought log in to the mini-program and buy, once or twice, so the
// dashboard's channel funnel reaches its last stages and shows the money each channel brought. Safe to run
// again: a visitor who has bought is left as they are.
import { first, type OpenDatabase } from '@liuliang/server/db'
import { liveCodeVisitors } from './demo-people'
import { call, freshCode, payAndWait, type ConsumerCall } from './http'

const GROWTH_PRODUCT = '留量精选保温杯'

export async function seedGrowth({ database, serverUrl, admin }: { database: OpenDatabase; serverUrl: string; admin: { username: string; password: string } }) {
  const { token: adminToken } = await call(`${serverUrl}/api/admin/login`, { body: admin })
  const products: { id: number; name: string }[] = (await call(`${serverUrl}/api/admin/products`, { token: adminToken })).items
  // One of the activities' products, sold without a choice of specs.
  const product = products.find((item) => item.name === GROWTH_PRODUCT)
  if (!product) return `growth: no 「${GROWTH_PRODUCT}」 for the live-code customers to buy`
  let buyers = 0
  for (const [index, visitor] of liveCodeVisitors().entries()) {
    // Every fourth visitor, so each of the codes (taken in turn) has buyers.
    if (visitor.deletesGuide || index % 4 !== 1) continue
    const bought = await first(
      database.query<{ n: number | string }>('select count(*) as n from orders o join customers c on c.id = o.customer_id where c.unionid = ?', `u_${visitor.who}`),
    )
    if (Number(bought?.n ?? 0) > 0) continue
    const { token } = await call(`${serverUrl}/api/mp/login`, { body: { code: freshCode(visitor.who) } })
    const as: ConsumerCall = (path, init = {}) => call(`${serverUrl}/api/mp${path}`, { token, ...init })
    // Every other buyer comes back for a second order.
    for (let orders = index % 8 === 1 ? 2 : 1; orders > 0; orders--) {
      const order = await as('/orders', { body: { items: [{ productId: product.id, quantity: 1 }] } })
      await payAndWait(as, order.id)
    }
    buyers++
  }
  return `growth: ${buyers} live-code customers bought in the mini-program`
}
