import { useEffect, useRef, type ReactNode } from 'react'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { saveBlob } from '../../../lib/download'
import { exportName, toCsv, type ChartTable } from '../chart-export'
import '../dashboard.css'

// Only the pieces the console draws, so the chart library stays a fraction of its full size.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export type ChartOption = echarts.EChartsCoreOption

/**
 * A dashboard chart with its two exports: the data it draws as CSV, and the picture as PNG (echarts' own
 * rendering, on white). `children` go under the chart (a table of the same figures).
 */
export function ChartCard({
  title,
  option,
  table,
  range,
  children,
}: {
  title: string
  option: ChartOption
  table: ChartTable
  range: { from: string; to: string }
  children?: ReactNode
}) {
  const element = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  useEffect(() => {
    if (!element.current) return
    const instance = echarts.init(element.current)
    chart.current = instance
    instance.setOption(option)
    const resize = () => instance.resize()
    window.addEventListener('resize', resize)
    return () => {
      window.removeEventListener('resize', resize)
      chart.current = null
      instance.dispose()
    }
  }, [option])

  const exportCsv = () => saveBlob(new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' }), exportName(title, range, 'csv'))
  const exportPng = () => {
    if (!chart.current) return
    // Decoded here: the console's content policy lets it fetch nothing but its own API, a data: URL included.
    const base64 = chart.current.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }).split(',')[1] ?? ''
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))
    saveBlob(new Blob([bytes], { type: 'image/png' }), exportName(title, range, 'png'))
  }

  return (
    <section className="chart-card">
      <div className="chart-card__header">
        <h2 className="chart-card__title">{title}</h2>
        <div className="chart-card__actions">
          <button className="button button--link" type="button" onClick={exportCsv}>
            导出 CSV
          </button>
          <button className="button button--link" type="button" onClick={exportPng}>
            导出 PNG
          </button>
        </div>
      </div>
      <div ref={element} className="chart-card__canvas" role="img" aria-label={title} />
      {children}
    </section>
  )
}
