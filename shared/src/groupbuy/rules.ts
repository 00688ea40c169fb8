// Campaign rules the console checks as the admin types and the server enforces on every write.

const yuanText = (fen: number) => `${(fen / 100).toFixed(2).replace(/\.00$/, '')} 元`

/** A group price above the product's own price would make the "deal" dearer than buying alone. */
export const groupPriceProblem = (priceFen: number, originalPriceFen: number): string | null =>
  priceFen > originalPriceFen ? `拼团价不能高于商品原价（${yuanText(originalPriceFen)}）` : null

/** Each member's order takes one unit: a campaign with less stock than one group can never form a group. */
export const groupStockProblem = (stock: number, groupSize: number): string | null =>
  stock < groupSize ? `活动库存至少要够成一个团（不少于 ${groupSize} 件）` : null
