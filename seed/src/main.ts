// `pnpm seed`: fills a running server with the demo brand through the same doors real data uses —
// the sandbox makes customers add guides (real encrypted callbacks), consumers log in with WeChat
// codes, guides log in with WeCom OAuth. Safe to run again: what exists is left as it is. Runs on
// the server's database, SQLite or PostgreSQL.
import { openDatabase } from '@liuliang/server/db'
import { loadConfig } from '@liuliang/server/env'
import { seedDemo } from './seed-demo'
import { seedActivities } from './seed-activities'
import { seedRfm } from './seed-rfm'
import { seedLeads } from './seed-leads'
import { seedSubscriptions } from './seed-subscriptions'
import { seedShop } from './seed-shop'
import { seedGrowth } from './seed-growth'
import { seedBroadcasts } from './seed-broadcasts'
import { seedFission } from './seed-fission'
import { seedMomentsAndSops } from './seed-moments-sops'
import { seedAccounts } from './seed-accounts'

const config = loadConfig()
const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host
const database = await openDatabase(config.database)
try {
  const report = await seedDemo({
    database,
    timeZone: config.businessTimeZone,
    serverUrl: `http://${host}:${config.port}`,
    sandboxUrl: `http://${host}:${config.sandbox.port}`,
    admin: config.admin,
    wechatAppId: config.wechat.appId,
  })
  const activities = await seedActivities({ database, serverUrl: `http://${host}:${config.port}`, admin: config.admin })
  const shop = await seedShop({ serverUrl: `http://${host}:${config.port}`, admin: config.admin })
  // After the shop's products: live-code customers buy them.
  const growth = await seedGrowth({ database, serverUrl: `http://${host}:${config.port}`, admin: config.admin })
  process.stdout.write(`${growth}\n`)
  // After the activities: the purchase history is of their products.
  const rfm = await seedRfm({ database, serverUrl: `http://${host}:${config.port}`, admin: config.admin, timeZone: config.businessTimeZone })
  // After the purchase history and the guides' customers: leads are found in them.
  const leads = await seedLeads({ database, serverUrl: `http://${host}:${config.port}`, admin: config.admin, timeZone: config.businessTimeZone })
  process.stdout.write(`${leads}\n`)
  // After the activities: its demo draw is on their lottery.
  const subscriptions = await seedSubscriptions({ serverUrl: `http://${host}:${config.port}`, sandboxUrl: `http://${host}:${config.sandbox.port}`, admin: config.admin })
  // After the customer groups and the guides' customers: broadcasts go to them.
  const broadcasts = await seedBroadcasts({ serverUrl: `http://${host}:${config.port}`, sandboxUrl: `http://${host}:${config.sandbox.port}`, admin: config.admin })
  process.stdout.write(`${broadcasts}\n`)
  const fission = await seedFission({ database, serverUrl: `http://${host}:${config.port}`, sandboxUrl: `http://${host}:${config.sandbox.port}`, admin: config.admin })
  // After the guides' customers and the script library: the moment reaches them, the SOPs send its scripts.
  const momentsAndSops = await seedMomentsAndSops({ serverUrl: `http://${host}:${config.port}`, sandboxUrl: `http://${host}:${config.sandbox.port}`, admin: config.admin })
  process.stdout.write(`${momentsAndSops}\n`)
  // After the department sync of the demo: the store manager is limited to one of its stores.
  const accounts = await seedAccounts({ serverUrl: `http://${host}:${config.port}`, admin: config.admin })
  process.stdout.write(`${accounts}\n`)
  process.stdout.write(`${report}\n${activities}\n${shop}\n${rfm}\n${subscriptions}\n${fission}\n`)
} finally {
  await database.close()
}
