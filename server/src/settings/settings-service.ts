import fp from 'fastify-plugin'
import { eq, sql } from 'drizzle-orm'
import {
  commissionRatesProblem,
  DEFAULT_BROADCAST_SETTINGS,
  DEFAULT_CHECKIN_SETTINGS,
  DEFAULT_DISTRIBUTION_SETTINGS,
  DEFAULT_FULFILMENT_SETTINGS,
  DEFAULT_LEVELS,
  DEFAULT_RFM_SETTINGS,
  LEVEL_CODES,
  rfmThresholdsProblem,
  type BroadcastSettings,
  type CheckInSettings,
  type DistributionSettings,
  type FulfilmentSettings,
  type LevelSettings,
  type MemberLevel,
  type RfmSettings,
} from '@liuliang/shared'
import { first, prepared, type DbOrTx } from '../db'
import { settings } from '../db/schema'
import { badRequest, refuseIf } from '../errors'
import { recordChange } from '../audit/audit-service'
import { changedFields } from '../audit/changes'
import { serviceDeps, type ServiceDeps } from '../services'

/** Each configurable rule set, with the product's default. */
const DEFAULTS = {
  checkin: DEFAULT_CHECKIN_SETTINGS,
  levels: { levels: DEFAULT_LEVELS.map((level) => ({ ...level })) } as LevelSettings,
  distribution: DEFAULT_DISTRIBUTION_SETTINGS,
  rfm: DEFAULT_RFM_SETTINGS,
  fulfilment: DEFAULT_FULFILMENT_SETTINGS,
  broadcast: DEFAULT_BROADCAST_SETTINGS as BroadcastSettings,
}
type SettingKey = keyof typeof DEFAULTS

function checkLevels(value: LevelSettings): void {
  value.levels.forEach((level, index) => {
    if (level.code !== LEVEL_CODES[index]) throw badRequest('INVALID_LEVELS', '等级需按 V1 到 V5 的顺序配置')
    const previous = value.levels[index - 1]
    if (!previous && level.minGrowth !== 0) throw badRequest('INVALID_LEVELS', 'V1 的成长值门槛必须是 0')
    if (previous && level.minGrowth <= previous.minGrowth) {
      throw badRequest('INVALID_LEVELS', `${level.code} 的成长值门槛必须高于 ${previous.code}`)
    }
  })
}

/** A stored setting's value by its key; every rule set is one, read on the paths that apply it. */
export const settingByKey = prepared((handle: DbOrTx) => handle.select({ value: settings.value }).from(settings).where(eq(settings.key, sql.placeholder('key'))))

export function createSettingsService({ db, now }: ServiceDeps) {
  const read = async <K extends SettingKey>(tx: DbOrTx, key: K): Promise<(typeof DEFAULTS)[K]> => {
    const row = await first(settingByKey(tx, { key }))
    return (row?.value as (typeof DEFAULTS)[K] | undefined) ?? DEFAULTS[key]
  }

  const write = async <K extends SettingKey>(key: K, given: (typeof DEFAULTS)[K]) => {
    // The rule set's own fields are stored, never whatever else a request carried.
    const value = Object.fromEntries(Object.keys(DEFAULTS[key]).map((field) => [field, given[field as keyof typeof given]])) as unknown as typeof given
    const at = now()
    await db.transaction(async (tx) => {
      const before = await read(tx, key)
      await tx.insert(settings).values({ key, value, updatedAt: at }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: at } })
      await recordChange(tx, { objectType: 'settings', objectId: key, changes: changedFields(before as Record<string, unknown>, value as Record<string, unknown>) })
    })
    return value
  }

  return {
    checkinRules: (tx: DbOrTx = db): Promise<CheckInSettings> => read(tx, 'checkin'),
    levels: async (tx: DbOrTx = db): Promise<MemberLevel[]> => (await read(tx, 'levels')).levels,
    levelSettings: (): Promise<LevelSettings> => read(db, 'levels'),
    updateCheckinRules: (value: CheckInSettings) => write('checkin', value),
    distributionRules: (tx: DbOrTx = db): Promise<DistributionSettings> => read(tx, 'distribution'),
    async updateDistributionRules(value: DistributionSettings): Promise<DistributionSettings> {
      refuseIf(commissionRatesProblem(value.level1Percent, value.level2Percent), 'COMMISSION_TOO_HIGH')
      return write('distribution', value)
    },
    rfmRules: (tx: DbOrTx = db): Promise<RfmSettings> => read(tx, 'rfm'),
    fulfilmentRules: (tx: DbOrTx = db): Promise<FulfilmentSettings> => read(tx, 'fulfilment'),
    updateFulfilmentRules: (value: FulfilmentSettings) => write('fulfilment', value),
    /** The receive rule broadcasts are counted against (WeCom's 设置群发规则). */
    broadcastRules: (tx: DbOrTx = db): Promise<BroadcastSettings> => read(tx, 'broadcast'),
    updateBroadcastRules: (value: BroadcastSettings) => write('broadcast', value),
    async updateRfmRules(value: RfmSettings): Promise<RfmSettings> {
      refuseIf(rfmThresholdsProblem(value), 'INVALID_RFM_THRESHOLDS')
      return write('rfm', value)
    },
    async updateLevels(value: LevelSettings): Promise<LevelSettings> {
      checkLevels(value)
      const levels = value.levels.map(({ code, name, minGrowth, orderPointsMultiplier }) => ({ code, name, minGrowth, orderPointsMultiplier }))
      return write('levels', { levels })
    },
  }
}

export type SettingsService = ReturnType<typeof createSettingsService>

declare module 'fastify' {
  interface FastifyInstance {
    settings: SettingsService
  }
}

export default fp(
  async (app) => {
    app.decorate('settings', createSettingsService(serviceDeps(app)))
  },
  { name: 'settings', dependencies: ['db', 'clock'] },
)
