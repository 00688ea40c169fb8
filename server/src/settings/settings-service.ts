import fp from 'fastify-plugin'
import { eq, sql } from 'drizzle-orm'
import {
  DEFAULT_CHECKIN_SETTINGS,
  DEFAULT_DISTRIBUTION_SETTINGS,
  DEFAULT_LEVELS,
  LEVEL_CODES,
  type CheckInSettings,
  type DistributionSettings,
  type LevelSettings,
  type MemberLevel,
} from '@liuliang/shared'
import type { Db, DbOrTx } from '../db'
import { settings } from '../db/schema'
import { badRequest } from '../errors'

/** Each configurable rule set, with the product's default. */
const DEFAULTS = {
  checkin: DEFAULT_CHECKIN_SETTINGS,
  levels: { levels: DEFAULT_LEVELS.map((level) => ({ ...level })) } as LevelSettings,
  distribution: DEFAULT_DISTRIBUTION_SETTINGS,
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

export function createSettingsService(db: Db, now: () => Date) {
  // Prepared once: check-in reads its rules on every request.
  const byKey = db.select().from(settings).where(eq(settings.key, sql.placeholder('key'))).prepare()
  const read = <K extends SettingKey>(_tx: DbOrTx, key: K): (typeof DEFAULTS)[K] =>
    (byKey.get({ key })?.value as (typeof DEFAULTS)[K] | undefined) ?? DEFAULTS[key]

  const write = <K extends SettingKey>(key: K, value: (typeof DEFAULTS)[K]) => {
    db.insert(settings)
      .values({ key, value, updatedAt: now() })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now() } })
      .run()
    return value
  }

  return {
    checkinRules: (tx: DbOrTx = db): CheckInSettings => read(tx, 'checkin'),
    levels: (tx: DbOrTx = db): MemberLevel[] => read(tx, 'levels').levels,
    levelSettings: (): LevelSettings => read(db, 'levels'),
    updateCheckinRules: (value: CheckInSettings) => write('checkin', value),
    distributionRules: (tx: DbOrTx = db): DistributionSettings => read(tx, 'distribution'),
    updateDistributionRules: (value: DistributionSettings) => write('distribution', value),
    updateLevels(value: LevelSettings): LevelSettings {
      checkLevels(value)
      return write('levels', value)
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
    app.decorate('settings', createSettingsService(app.db, () => app.now()))
  },
  { name: 'settings', dependencies: ['db', 'clock'] },
)
