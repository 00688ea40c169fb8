import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import './index.scss'

interface StateViewProps {
  title: string
  description?: string
  actionText: string
  onAction: () => void
  /** for automated tests to find the action */
  actionId?: string
}

/** The page-level error and empty states: what happened and one thing to do about it. */
export function StateView({ title, description, actionText, onAction, actionId }: StateViewProps) {
  return (
    <View className='state-view'>
      <Text className='state-view__title'>{title}</Text>
      {description ? <Text className='state-view__description'>{description}</Text> : null}
      <Button id={actionId} className='state-view__action' type='primary' size='small' onClick={onAction}>
        {actionText}
      </Button>
    </View>
  )
}
