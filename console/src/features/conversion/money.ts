/** Fen as yuan with two decimals, as a cashier shows them. */
export const yuan = (fen: number) => (fen / 100).toFixed(2)
