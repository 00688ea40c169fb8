// Membership levels by growth value (points ever earned). Admins will be able to change the
// thresholds; these are the product's defaults.

export interface LevelRule {
  code: 'V1' | 'V2' | 'V3' | 'V4' | 'V5'
  name: string
  minGrowth: number
}

export const DEFAULT_LEVELS = [
  { code: 'V1', name: '普通会员', minGrowth: 0 },
  { code: 'V2', name: '银卡会员', minGrowth: 500 },
  { code: 'V3', name: '金卡会员', minGrowth: 2000 },
  { code: 'V4', name: '铂金会员', minGrowth: 5000 },
  { code: 'V5', name: '钻石会员', minGrowth: 10000 },
] as const satisfies readonly LevelRule[]

/** The level a growth value reaches, and the growth at which the next one starts (null at the top). */
export function levelForGrowth(
  growth: number,
  levels: readonly LevelRule[] = DEFAULT_LEVELS,
): { level: LevelRule; nextLevelAt: number | null } {
  const sorted = [...levels].sort((a, b) => a.minGrowth - b.minGrowth)
  let index = 0
  while (index + 1 < sorted.length && (sorted[index + 1] as LevelRule).minGrowth <= growth) index++
  return { level: sorted[index] as LevelRule, nextLevelAt: sorted[index + 1]?.minGrowth ?? null }
}
