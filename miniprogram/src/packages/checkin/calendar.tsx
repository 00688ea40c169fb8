import { View, Text } from '@tarojs/components'
import type { CheckInMonth } from '@liuliang/shared'

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** The month as a grid: checked-in days marked, make-ups marked 补, today outlined. */
export function Calendar({ month }: { month: CheckInMonth }) {
  const [year, m] = month.month.split('-').map(Number) as [number, number]
  const leading = new Date(Date.UTC(year, m - 1, 1)).getUTCDay()
  const count = new Date(Date.UTC(year, m, 0)).getUTCDate()
  const kinds = new Map(month.days.map((d) => [d.date, d.kind]))
  const cells = [
    ...Array.from({ length: leading }, () => null),
    ...Array.from({ length: count }, (_, i) => `${month.month}-${String(i + 1).padStart(2, '0')}`),
  ]
  return (
    <View className='calendar'>
      {WEEKDAYS.map((day) => (
        <Text key={day} className='calendar__weekday'>
          {day}
        </Text>
      ))}
      {cells.map((date, index) => {
        if (!date) return <View key={`blank-${index}`} className='calendar__cell' />
        const kind = kinds.get(date)
        const classes = ['calendar__cell', kind ? `calendar__cell--${kind}` : '', date === month.today ? 'calendar__cell--today' : '']
        return (
          <View key={date} id={`day-${date}`} className={classes.filter(Boolean).join(' ')}>
            <Text className='calendar__day'>{Number(date.slice(8))}</Text>
            {kind ? <Text className='calendar__mark'>{kind === 'makeup' ? '补' : '✓'}</Text> : null}
          </View>
        )
      })}
    </View>
  )
}
