import { useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { Avatar, Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/avatar/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { GroupStatus, GroupView } from '@liuliang/shared'
import { PageState } from '../../../components/page-state'
import { IS_H5 } from '../../../env'
import { usePayOrder } from '../../../hooks/use-pay-order'
import { useRemote } from '../../../hooks/use-remote'
import { fetchGroup, joinGroup } from '../../../services/groupbuy'
import { countdown, yuan } from '../../../utils/format'
import { groupPage } from './link'
import '../../../styles/activity.scss'
import './index.scss'

const STATUS_TEXT: Record<GroupStatus, string> = {
  pending: '待团长付款',
  open: '拼团中',
  succeeded: '拼团成功',
  failed: '拼团失败，已退款',
  cancelled: '已取消',
}

function useNow(active: boolean) {
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    if (!active) return undefined
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [active])
  return now
}

/** h5 copies the link to the group; in WeChat the share menu sends the group page. */
function share(group: GroupView) {
  if (!IS_H5) {
    void Taro.showShareMenu({ withShareTicket: false })
    void Taro.showToast({ title: '点右上角「…」分享给好友', icon: 'none' })
    return
  }
  const link = `${window.location.origin}/mp/#${groupPage(group.id)}`
  void Taro.setClipboardData({ data: link }).then(() => Taro.showToast({ title: '链接已复制，发给好友一起拼', icon: 'none' }))
}

export default function GroupPage() {
  const id = Number(useRouter().params.id)
  const { state, reload } = useRemote(() => fetchGroup(id), id)
  const { pay, paying } = usePayOrder('groupbuy_paid')
  const [joining, setJoining] = useState(false)
  const group = state.status === 'ready' ? state.data : null
  const now = useNow(group?.status === 'open')

  useShareAppMessage(() => ({ title: group ? `¥${yuan(group.priceFen)} 拼「${group.productName}」，就差你了` : '一起拼团', path: groupPage(id) }))

  const payMine = async (orderId: number) => {
    await pay(orderId)
    await reload()
  }

  const join = async () => {
    setJoining(true)
    try {
      const { order } = await joinGroup(id)
      await reload()
      await payMine(order.id)
    } catch {
      // The request's toast says why (full, closed, already in).
    } finally {
      setJoining(false)
    }
  }

  return (
    <View className='activity-page'>
      <PageState state={state} onRetry={() => void reload()}>
        {(view) => {
          const joinable = view.status === 'open' && view.seatsLeft > 0 && view.myOrderId === null
          const mine = view.members.find((member) => member.isMe)
          return (
            <>
              <View className='activity-card'>
                <Text className='activity-title'>{view.productName}</Text>
                <View className='activity-row'>
                  <Text className='activity-price'>¥{yuan(view.priceFen)}</Text>
                  <Text className='activity-muted'>{view.groupSize} 人团</Text>
                </View>
                <Text id='group-status' className='group__status'>
                  {STATUS_TEXT[view.status]}
                </Text>
                {view.status === 'open' ? (
                  <Text className='activity-muted'>
                    还差 <Text id='group-seats-left'>{view.seatsLeft}</Text> 人，剩余 {view.deadline ? countdown(view.deadline, now) : '--'}
                  </Text>
                ) : null}
              </View>
              <View className='activity-card group__members'>
                {view.members.map((member, index) => (
                  <View key={index} className='group__member'>
                    <Avatar src={member.avatarUrl ?? ''} />
                    <Text className='group__member-name'>
                      {member.name ?? '微信用户'}
                      {member.isLeader ? '（团长）' : ''}
                    </Text>
                    <Text className='activity-muted'>{member.status === 'paid' ? '已付款' : member.status === 'holding' ? '待付款' : '已退款'}</Text>
                  </View>
                ))}
                {Array.from({ length: view.status === 'open' ? view.seatsLeft : 0 }, (_, index) => (
                  <View key={`seat-${index}`} className='group__member group__member--empty'>
                    <Text>?</Text>
                  </View>
                ))}
              </View>
              <View className='activity-actions'>
                {joinable ? (
                  <Button id='group-join' block type='primary' loading={joining || paying} onClick={() => void join()}>
                    {`¥${yuan(view.priceFen)} 参与拼团`}
                  </Button>
                ) : null}
                {mine?.status === 'holding' && view.myOrderId ? (
                  <Button id='group-pay' block type='primary' loading={paying} onClick={() => void payMine(view.myOrderId as number)}>
                    去付款
                  </Button>
                ) : null}
                {view.status === 'open' || view.status === 'pending' ? (
                  <Button id='group-share' block type='primary' fill='outline' onClick={() => share(view)}>
                    邀请好友
                  </Button>
                ) : null}
              </View>
            </>
          )
        }}
      </PageState>
    </View>
  )
}
