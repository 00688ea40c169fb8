import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { PageError, PageLoading } from '../../components/page-state'
import { useRemote } from '../../hooks/use-remote'
import { useSubscribe } from '../../hooks/use-subscribe'
import { checkIn, fetchCheckInMonth, makeUp } from '../../services/checkin'
import { Calendar } from './calendar'
import './index.scss'

function shiftMonth(month: string, by: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number]
  const d = new Date(Date.UTC(year, m - 1 + by, 1))
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

export default function CheckinPage() {
  // null: the current business month, as the server sees it.
  const [month, setMonth] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const { state, reload } = useRemote((options) => fetchCheckInMonth(month ?? undefined, options), month ?? 'current')
  // The daily reminder and coupons about to expire are asked for on the check-in tap.
  const { ask } = useSubscribe('checkin')

  if (state.status === 'loading') return <PageLoading />
  if (state.status === 'error') return <PageError message={state.message} onRetry={() => void reload()} />
  const data = state.data
  const showing = data.month
  const makeupsLeft = Math.max(data.makeup.monthlyLimit - data.makeup.usedThisMonth, 0)

  const act = async (run: () => Promise<string>) => {
    setBusy(true)
    try {
      void Taro.showToast({ title: await run(), icon: 'success' })
      await reload()
    } catch {
      // The http client has toasted the server's reason.
    } finally {
      setBusy(false)
    }
  }

  const onCheckIn = () =>
    act(async () => {
      await ask()
      const result = await checkIn()
      return `签到成功 +${result.pointsAwarded} 积分`
    })

  const onMakeUp = async (date: string) => {
    const { confirm } = await Taro.showModal({
      title: '补签',
      content: `补签 ${date} 需要 ${data.makeup.pointsCost} 积分，补签不获得当天奖励，但能续上连续签到。`,
    })
    if (confirm) await act(async () => `已补签，连续 ${(await makeUp(date)).streak} 天`)
  }

  return (
    <View className='checkin'>
      <View className='checkin__head'>
        <Text className='checkin__streak'>
          已连续签到 <Text id='checkin-streak' className='checkin__streak-value'>{data.streak}</Text> 天
        </Text>
        <Button
          id='checkin-button'
          className='checkin__button'
          type='primary'
          disabled={data.checkedInToday || busy}
          loading={busy}
          onClick={() => void onCheckIn()}
        >
          {data.checkedInToday ? '今日已签到' : '立即签到'}
        </Button>
      </View>

      <View className='checkin__section'>
        <Text className='checkin__title'>接下来的奖励</Text>
        <View className='checkin__rewards'>
          {data.nextRewards.map((reward) => (
            <View key={reward.date} className='checkin__reward'>
              <Text className='checkin__reward-points'>+{reward.points}</Text>
              <Text className='checkin__reward-day'>第 {reward.streakDay} 天</Text>
              <Text className='checkin__reward-date'>{reward.date.slice(5)}</Text>
            </View>
          ))}
        </View>
        <Text className='checkin__hint'>连续签到奖励：{data.ladder.join(' / ')} 积分，满 {data.ladder.length} 天后重新开始</Text>
      </View>

      <View className='checkin__section'>
        <View className='checkin__month'>
          <Text id='checkin-prev-month' className='checkin__month-nav' onClick={() => setMonth(shiftMonth(showing, -1))}>
            ‹ 上月
          </Text>
          <Text className='checkin__title'>{showing.replace('-', ' 年 ')} 月</Text>
          <Text
            id='checkin-next-month'
            className={`checkin__month-nav${showing >= data.today.slice(0, 7) ? ' checkin__month-nav--off' : ''}`}
            onClick={() => showing < data.today.slice(0, 7) && setMonth(shiftMonth(showing, 1))}
          >
            下月 ›
          </Text>
        </View>
        <Calendar month={data} />
      </View>

      <View className='checkin__section'>
        <Text className='checkin__title'>补签</Text>
        <Text className='checkin__hint'>
          最近 {data.makeup.windowDays} 天内漏签可补签，每次 {data.makeup.pointsCost} 积分，本月还可补签 {makeupsLeft} 次
        </Text>
        {data.makeup.eligibleDates.length === 0 ? (
          <Text className='checkin__hint'>最近没有漏签，继续保持！</Text>
        ) : (
          <View className='checkin__makeups'>
            {data.makeup.eligibleDates.map((date) => (
              <View
                key={date}
                id={`makeup-${date}`}
                className={`checkin__makeup${makeupsLeft === 0 || busy ? ' checkin__makeup--off' : ''}`}
                onClick={() => makeupsLeft > 0 && !busy && void onMakeUp(date)}
              >
                补签 {date.slice(5)}
              </View>
            ))}
          </View>
        )}
      </View>
    </View>
  )
}
