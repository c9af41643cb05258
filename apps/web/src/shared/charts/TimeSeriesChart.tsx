import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { AlignedSeries } from './series.js'

export interface ChartSeries {
  label: string
  color: string
  /** Fill under the line (area chart). */
  isFilled?: boolean
}

export interface TimeSeriesChartProps {
  data: AlignedSeries
  series: ChartSeries[]
  /** Formats y values on the axis and in the legend. */
  formatValue: (value: number) => string
  height?: number
  /** Accessible name of the chart. */
  title: string
}

/**
 * A uPlot line chart over time that follows its container's width (ResizeObserver) and the
 * theme's colours. Gaps (null) stay gaps. Re-creates the plot when the series change and only
 * swaps data when the data change.
 */
export function TimeSeriesChart({
  data,
  series,
  formatValue,
  height = 220,
  title,
}: TimeSeriesChartProps) {
  const box = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const seriesKey = series.map((s) => `${s.label}:${s.color}`).join('|')

  useEffect(() => {
    const el = box.current
    if (el === null) return
    const styles = getComputedStyle(document.documentElement)
    const axisColor = styles.getPropertyValue('--text-muted').trim() || '#888'
    const gridColor = styles.getPropertyValue('--border').trim() || '#ddd'
    const axis = {
      stroke: axisColor,
      grid: { stroke: gridColor, width: 1 },
      ticks: { stroke: gridColor, width: 1 },
    }
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      legend: { show: true },
      cursor: { points: { size: 6 } },
      scales: { x: { time: true } },
      axes: [
        axis,
        { ...axis, size: 84, values: (_u, splits) => splits.map((v) => formatValue(v)) },
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          fill: s.isFilled === true ? `${s.color}22` : undefined,
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => (v === null ? '–' : formatValue(v)),
          points: { size: 5 },
        })),
      ],
    }
    const instance = new uPlot(opts, data, el)
    plot.current = instance
    const observer = new ResizeObserver(() => {
      instance.setSize({ width: Math.max(200, el.clientWidth), height })
    })
    observer.observe(el)
    return () => {
      observer.disconnect()
      instance.destroy()
      plot.current = null
    }
    // Data updates go through setData below; a new series list rebuilds the plot.
  }, [seriesKey, height])

  useEffect(() => {
    plot.current?.setData(data)
  }, [data])

  return <div className="chart" ref={box} role="img" aria-label={title} />
}
