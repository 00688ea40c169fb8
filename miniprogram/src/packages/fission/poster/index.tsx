import { View, Text } from '@tarojs/components'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { PageState } from '../../../components/page-state'
import { useRemote } from '../../../hooks/use-remote'
import { viewPoster } from '../../../services/fission'
import { activityPage, posterPage } from '../links'
import { Poster } from '../poster'
import '../../../styles/activity.scss'
import '../index.scss'

/** A poster a friend shared: whose it is and the code that adds a guide for them; and joining myself. */
export default function SharedPosterPage() {
  const code = useRouter().params.code ?? ''
  const { state, reload } = useRemote(() => viewPoster(code), code || null)
  useShareAppMessage(() => ({ title: '扫码添加顾问，帮好友助力', path: posterPage(code) }))
  return (
    <View className='activity-page'>
      {code ? (
        <PageState state={state} onRetry={() => void reload()}>
          {(poster) => (
            <>
              <Poster content={poster} />
              <View className='activity-card'>
                <Text className='activity-title'>{poster.activityName}</Text>
                {poster.rules ? <Text className='fission__rules'>{poster.rules}</Text> : null}
              </View>
              {poster.status === 'running' ? (
                <View className='activity-actions'>
                  <Button id='fission-me-too' block type='primary' onClick={() => void Taro.navigateTo({ url: activityPage(poster.activityId) })}>
                    {poster.mine ? '查看我的邀请进度' : '我也要参加'}
                  </Button>
                </View>
              ) : null}
            </>
          )}
        </PageState>
      ) : (
        <View className='activity-card'>
          <Text className='activity-empty'>海报链接不完整，请让好友重新分享</Text>
        </View>
      )}
    </View>
  )
}
