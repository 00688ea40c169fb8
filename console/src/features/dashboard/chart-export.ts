/** A chart's data as a table: what its CSV export holds. */
export interface ChartTable {
  header: string[]
  rows: (string | number | null)[][]
}

// A cell a spreadsheet would run as a formula (a channel named "=1+1") is kept as text.
const FORMULA_START = /^[=+\-@\t\r]/

function cell(value: string | number | null): string {
  if (value === null) return ''
  if (typeof value === 'number') return String(value)
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** CSV with a byte-order mark, so Excel opens the Chinese headings as UTF-8. */
export function toCsv({ header, rows }: ChartTable): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`
}

/** A file name from a chart's title and the range it shows. */
export const exportName = (title: string, range: { from: string; to: string }, extension: 'csv' | 'png') =>
  `${title.replace(/[\\/:*?"<>|\s]+/g, '')}_${range.from}_${range.to}.${extension}`
