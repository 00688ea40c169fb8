/** The most of an order's amount that commission may take, both levels together. */
export const MAX_TOTAL_COMMISSION_PERCENT = 50

/** Rates that would pay out most of each order are refused: a typing slip must not give the margin away. */
export const commissionRatesProblem = (level1Percent: number, level2Percent: number): string | null =>
  level1Percent + level2Percent > MAX_TOTAL_COMMISSION_PERCENT
    ? `一级与二级佣金比例合计不能超过 ${MAX_TOTAL_COMMISSION_PERCENT}%`
    : null
