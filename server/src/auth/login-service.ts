import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { AdminLoginResponse, MpLoginResponse, SidebarLoginResponse } from '@liuliang/shared'
import type { AdminService } from '../admins/admin-service'
import type { AuditService } from '../audit/audit-service'
import type { Tx } from '../db'
import { TencentApiError } from '../clients/tencent-client'
import type { WechatClient } from '../clients/wechat-client'
import type { WecomClient } from '../clients/wecom-client'
import { toProfile, type CustomerService } from '../customers/customer-service'
import { AppError, unauthorized } from '../errors'
import type { Principal } from './auth-plugin'
import { createLoginThrottle } from './login-throttle'
import { serviceDeps, type ServiceDeps } from '../services'
import { toStaff, type StaffService } from '../staff/staff-service'

/** A Tencent "no" to a login code is the user's problem (401); anything else is ours (502). */
async function exchange<T>(code: string, message: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof TencentApiError) throw unauthorized(code, `${message}（${error.errcode}）`)
    throw error
  }
}

export interface LoginDeps extends ServiceDeps {
  wechat: WechatClient
  wecom: WecomClient
  customers: CustomerService
  staff: StaffService
  admins: AdminService
  audit: AuditService
  issueToken: FastifyInstance['issueToken']
}

export function createLoginService({ db, wechat, wecom, customers, staff, admins, audit, issueToken }: LoginDeps) {
  const throttle = createLoginThrottle(db)
  return {
    /** Mini-program: wx.login code → code2Session → one customer per person . */
    async loginConsumer(code: string): Promise<MpLoginResponse> {
      const identity = await exchange('WECHAT_LOGIN_FAILED', '微信登录失败，请重试', () => wechat.code2Session(code))
      const customer = await customers.linkMiniProgramUser(identity)
      return { token: issueToken('mp', customer.id).token, customer: toProfile(customer) }
    },

    /** Sidebar: WeCom OAuth code → member userid → staff record. */
    async loginStaff(code: string): Promise<SidebarLoginResponse> {
      const userId = await exchange('WECOM_LOGIN_FAILED', '企业微信登录失败，请重新打开', () => wecom.getUserIdByCode(code))
      if (!userId) throw unauthorized('NOT_A_MEMBER', '只有企业成员可以使用侧边栏')
      const member = await staff.ensureStaff(userId)
      return { token: issueToken('staff', member.id).token, staff: toStaff(member) }
    },

    /**
     * `client.ip` is the client's, as far as the trusted proxies tell: failures are limited per address and per
     * account. Every attempt is in the audit log, a refused one with why (401 wrong password, 429 too many).
     */
    async loginAdmin(username: string, password: string, client: { ip: string; userAgent?: string }): Promise<AdminLoginResponse> {
      let admin: Awaited<ReturnType<AdminService['authenticate']>>
      try {
        const attempt = await throttle.begin(client.ip, username)
        admin = await admins.authenticate(username, password)
        await attempt.succeeded()
      } catch (error) {
        if (error instanceof AppError) await audit.recordLogin({ username, client, status: error.statusCode })
        throw error
      }
      await audit.recordLogin({ username, client, status: 200 })
      const { token, expiresAt } = issueToken('admin', admin.id, admin.sessionVersion)
      return { token, admin: { id: admin.id, username: admin.username }, expiresAt: expiresAt.toISOString() }
    },

    /** A token's holder while the session holds: they exist; an admin's, until their session version moves on or they are disabled. */
    async sessionHolder({ aud, id, sessionVersion }: Principal, tx?: Tx): Promise<object | undefined> {
      switch (aud) {
        case 'mp':
          return customers.findById(id, tx)
        case 'staff':
          return staff.findById(id, tx)
        case 'admin':
          return admins.sessionOf(id, sessionVersion, tx)
      }
    },
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    logins: ReturnType<typeof createLoginService>
  }
}

export default fp(
  async (app) => {
    const service = createLoginService({
      ...serviceDeps(app),
      wechat: app.wechat,
      wecom: app.wecom,
      customers: app.customers,
      staff: app.staff,
      admins: app.admins,
      audit: app.audit,
      issueToken: app.issueToken,
    })
    app.decorate('logins', service)
    app.admitSessionsBy(service.sessionHolder)
  },
  { name: 'logins', dependencies: ['db', 'clock', 'auth', 'customers', 'staff', 'admins', 'audit', 'tencent-clients'] },
)
