// Membership levels by growth value (points ever earned). Admins configure the thresholds and
// privileges; these are the product's defaults.

export const LEVEL_CODES = ['V1', 'V2', 'V3', 'V4', 'V5'] as const
export type LevelCode = (typeof LEVEL_CODES)[number]

export interface LevelRule {
  code: LevelCode
  name: string
  minGrowth: number
}

/** A level with its privileges, as admins configure it. */
export interface MemberLevel extends LevelRule {
  /** order points are multiplied by this at this level */
  orderPointsMultiplier: number
}

export const DEFAULT_LEVELS = [
  { code: 'V1', name: '普通会员', minGrowth: 0, orderPointsMultiplier: 1 },
  { code: 'V2', name: '银卡会员', minGrowth: 500, orderPointsMultiplier: 1.2 },
  { code: 'V3', name: '金卡会员', minGrowth: 2000, orderPointsMultiplier: 1.5 },
  { code: 'V4', name: '铂金会员', minGrowth: 5000, orderPointsMultiplier: 1.8 },
  { code: 'V5', name: '钻石会员', minGrowth: 10000, orderPointsMultiplier: 2 },
] as const satisfies readonly MemberLevel[]

/** The level a growth value reaches, and the growth at which the next one starts (null at the top). */
export function levelForGrowth<L extends LevelRule = MemberLevel>(
  growth: number,
  levels: readonly L[] = DEFAULT_LEVELS as readonly LevelRule[] as readonly L[],
): { level: L; nextLevelAt: number | null } {
  const sorted = [...levels].sort((a, b) => a.minGrowth - b.minGrowth)
  let index = 0
  while (index + 1 < sorted.length && (sorted[index + 1] as L).minGrowth <= growth) index++
  return { level: sorted[index] as L, nextLevelAt: sorted[index + 1]?.minGrowth ?? null }
}
