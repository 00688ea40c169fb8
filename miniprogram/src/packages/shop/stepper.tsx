import { View, Text } from '@tarojs/components'

/** − n +, within 1..max. */
export function Stepper({ id, value, max, onChange }: { id: string; value: number; max: number; onChange: (next: number) => void }) {
  return (
    <View id={id} className='stepper'>
      <Text id={`${id}-minus`} className={`stepper__button${value <= 1 ? ' stepper__button--off' : ''}`} onClick={() => value > 1 && onChange(value - 1)}>
        −
      </Text>
      <Text id={`${id}-value`} className='stepper__value'>
        {value}
      </Text>
      <Text id={`${id}-plus`} className={`stepper__button${value >= max ? ' stepper__button--off' : ''}`} onClick={() => value < max && onChange(value + 1)}>
        +
      </Text>
    </View>
  )
}
