// The demo's customer moments and activation SOPs. A moment 李娜 has published (a customer liked and
// commented on it) and 王芳 has not, so the console shows whom to remind; an SOP for new customers whose
// first step is due on the day they add a guide, with 沈小悦 just added to 李娜, so within a minute of
// `npm start` the step waits in 李娜's sidebar for one tap. Safe to run again: what exists is left as it is.
import type { MomentReachPage, MomentTaskDetail, MomentTaskPage, ScriptPage, SopList } from '@liuliang/shared'
import { call } from './http'

interface SeedTarget {
  serverUrl: string
  sandboxUrl: string
  admin: { username: string; password: string }
}

export async function seedMomentsAndSops({ serverUrl, sandboxUrl, admin }: SeedTarget): Promise<string> {
  const { token } = await call(`${serverUrl}/api/admin/login`, { body: admin })
  const asAdmin = (path: string, body?: unknown) => call(`${serverUrl}/api/admin${path}`, { token, ...(body === undefined ? {} : { body }) })
  const control = (path: string, body: unknown) => call(`${sandboxUrl}/sandbox/wecom${path}`, { body })
  const lines: string[] = []

  const moments: MomentTaskPage = await asAdmin('/moments')
  if (moments.items.length > 0) lines.push('Moments: seeded already')
  else {
    const created: MomentTaskDetail = await asAdmin('/moments', {
      text: '春季新品上架啦🌸 轻盈水润，适合换季的你，到店试用还有小样相送～',
      imageUrls: [`${sandboxUrl}/sandbox/images/moment-spring-1.png`, `${sandboxUrl}/sandbox/images/moment-spring-2.png`],
      staffUserIds: ['guide_li', 'guide_wang'],
    })
    // WeCom answers 创建中 to the first read of the job.
    await asAdmin(`/moments/${created.id}/sync`, {})
    const momentId = created.id
    const { momentId: wecomMomentId }: MomentTaskDetail = await asAdmin(`/moments/${momentId}`)
    if (!wecomMomentId) throw new Error('the demo moment was not created in WeCom')
    await control(`/moments/${wecomMomentId}/publications`, { userId: 'guide_li' })
    const synced: MomentTaskDetail = await asAdmin(`/moments/${momentId}/sync`, {})
    const reach: MomentReachPage = await asAdmin(`/moments/${momentId}/posts/guide_li/customers?limit=2`)
    for (const person of reach.items) {
      await control(`/moments/${wecomMomentId}/interactions`, { userId: 'guide_li', kind: 'like', externalUserId: person.id })
    }
    const [first] = reach.items
    if (first) await control(`/moments/${wecomMomentId}/interactions`, { userId: 'guide_li', kind: 'comment', externalUserId: first.id })
    await asAdmin(`/moments/${momentId}/sync`, {})
    lines.push(`Moments: 春季新品 published by 李娜 (reaching ${synced.posts.find((post) => post.staffUserId === 'guide_li')?.reachedCount ?? 0} customers), 王芳 not yet`)
  }

  const sops: SopList = await asAdmin('/sops')
  if (sops.items.length > 0) lines.push('SOPs: seeded already')
  else {
    const scripts: ScriptPage = await asAdmin('/scripts?limit=100')
    const text = scripts.items.filter((script) => script.type === 'text')
    const [greeting, followUp, offer] = [text[0], text[1] ?? text[0], text[2] ?? text[0]]
    if (!greeting || !followUp || !offer) throw new Error('the demo script library has no text scripts for the SOP')
    await asAdmin('/sops', {
      name: '新客 7 天激活',
      trigger: 'added',
      steps: [
        { day: 0, time: '00:00', scriptId: greeting.id },
        { day: 1, time: '10:00', scriptId: followUp.id },
        { day: 7, time: '19:30', scriptId: offer.id },
      ],
      quietHours: { start: '22:00', end: '08:00' },
      onTimeMinutes: 120,
    })
    await asAdmin('/sops', { name: '周五会员日提醒', trigger: 'weekly', weekday: 5, steps: [{ day: 0, time: '11:00', scriptId: offer.id }], quietHours: null })
    // A customer who adds 李娜 now enters the new-customer SOP at the server's next tick.
    await control('/contacts', { who: 'sop_shen', name: '沈小悦', userId: 'guide_li' })
    lines.push('SOPs: 新客 7 天激活 (沈小悦 just added 李娜: her first step is due) and 周五会员日提醒')
  }
  return lines.join('\n')
}

