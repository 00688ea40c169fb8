import { useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { FissionRewardState, MpFissionActivity, MpFissionPoster } from '@liuliang/shared'
import { PageState } from '../../../components/page-state'
import { IS_H5 } from '../../../env'
import { useRemote } from '../../../hooks/use-remote'
import { fetchFissionActivity, joinFission, viewPoster } from '../../../services/fission'
import { posterPage, STATUS_TEXT } from '../links'
import { Poster } from '../poster'
import '../../../styles/activity.scss'
import '../index.scss'

const REWARD_TEXT: Record<FissionRewardState, string> = {
  none: '',
  issued: '奖励已发放',
  revoked: '好友删除了导购，奖励已收回',
  failed: '奖励暂未发放成功，请联系导购',
}

function share(code: string) {
  if (!IS_H5) return
  const link = `${window.location.origin}/mp/#${posterPage(code)}`
  void Taro.setClipboardData({ data: link }).then(() => Taro.showToast({ title: '海报链接已复制，发给好友吧', icon: 'none' }))
}

/** One activity: the rules and reward, my poster and progress (已邀请 3/5), and the friends who counted. */
export default function FissionActivityPage() {
  const id = Number(useRouter().params.id)
  const { state, reload, setState } = useRemote(() => fetchFissionActivity(id), id)
  const [joining, setJoining] = useState(false)
  const [poster, setPoster] = useState<MpFissionPoster | null>(null)
  const activity = state.status === 'ready' ? state.data : null
  const code = activity?.me?.state ?? null

  // My poster, as friends will see it (opening it counts as a view).
  useEffect(() => {
    if (!code) return
    viewPoster(code)
      .then(setPoster)
      .catch(() => setPoster(null))
  }, [code])

  useShareAppMessage(() => ({
    title: activity ? `帮我助力「${activity.name}」，扫码添加顾问` : '邀请有礼',
    path: code ? posterPage(code) : `/packages/fission/index`,
  }))

  const join = async () => {
    setJoining(true)
    try {
      setState({ status: 'ready', data: await joinFission(id) })
    } catch {
      // The request's toast says why (not running…).
    } finally {
      setJoining(false)
    }
  }

  return (
    <View className='activity-page'>
      <PageState state={state} onRetry={() => void reload()}>
        {(view: MpFissionActivity) => (
          <>
            <View className='activity-card'>
              <Text className='activity-title'>{view.name}</Text>
              <Text className='activity-muted'>{STATUS_TEXT[view.status]}</Text>
              <Text className='fission__reward'>
                邀请 {view.goal} 位新好友添加顾问，得「{view.reward.title}」
              </Text>
              {view.rules ? <Text className='fission__rules'>{view.rules}</Text> : null}
            </View>
            {view.me ? (
              <>
                <View className='activity-card'>
                  <Text id='fission-progress' className='fission__progress'>
                    已邀请 {view.me.invited}/{view.goal}
                  </Text>
                  <View className='fission__bar'>
                    <View className='fission__bar-fill' style={{ width: `${Math.min(100, (view.me.invited / view.goal) * 100)}%` }} />
                  </View>
                  {view.me.rewardState !== 'none' ? (
                    <Text id='fission-reward' className='fission__reward'>
                      {REWARD_TEXT[view.me.rewardState]}
                      {view.me.rewardState === 'issued' ? `：${view.reward.title}` : ''}
                    </Text>
                  ) : (
                    <Text className='activity-muted'>还差 {Math.max(0, view.goal - view.me.invited)} 位，只计从未添加过我们顾问的新朋友</Text>
                  )}
                  <View className='activity-actions'>
                    <Button id='fission-refresh' onClick={() => void reload()}>
                      刷新进度
                    </Button>
                    {IS_H5 ? (
                      <Button id='fission-share' type='primary' onClick={() => share(view.me!.state)}>
                        分享给好友
                      </Button>
                    ) : (
                      <Button id='fission-share' type='primary' openType='share'>
                        分享给好友
                      </Button>
                    )}
                  </View>
                </View>
                {poster ? <Poster content={poster} /> : null}
                <View id='fission-friends' className='activity-card'>
                  <Text className='activity-title'>助力好友</Text>
                  {view.me.friends.length === 0 ? (
                    <Text className='activity-empty'>还没有好友助力，把海报分享出去吧</Text>
                  ) : (
                    view.me.friends.map((friend, index) => (
                      <View key={index} className={`fission__friend${friend.status === 'withdrawn' ? ' fission__friend--withdrawn' : ''}`}>
                        <Text>{friend.name}</Text>
                        <Text>{friend.status === 'counted' ? '助力成功' : '已删除顾问，助力失效'}</Text>
                      </View>
                    ))
                  )}
                </View>
              </>
            ) : (
              <View className='activity-actions'>
                <Button id='fission-join' block type='primary' disabled={view.status !== 'running'} loading={joining} onClick={() => void join()}>
                  {view.status === 'running' ? '生成我的专属海报' : STATUS_TEXT[view.status]}
                </Button>
              </View>
            )}
          </>
        )}
      </PageState>
    </View>
  )
}
