import { useEffect, useRef, useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { DrawResponse, LotteryPrize, LotteryView } from '@liuliang/shared'
import { PageState } from '../../components/page-state'
import { useRemote } from '../../hooks/use-remote'
import { useSubscribe } from '../../hooks/use-subscribe'
import { draw, fetchLotteries, fetchLottery } from '../../services/lottery'
import '../../styles/activity.scss'
import './index.scss'

// The eight cells around the centre button of a 3×3 grid, in the order the light travels.
const RING = [0, 1, 2, 5, 8, 7, 6, 3]
const MIN_STEPS = 24
const FILLER: LotteryPrize = { id: 0, name: '谢谢参与', type: 'thanks', points: null }

/** Eight cells: the prizes, repeated in order when there are fewer. */
function cellsOf(prizes: LotteryPrize[]): LotteryPrize[] {
  const source = prizes.length > 0 ? prizes : [FILLER]
  return RING.map((_, index) => source[index % source.length] as LotteryPrize)
}

function resultText(result: DrawResponse): string {
  const prize = result.draw.prize
  if (!prize || prize.type === 'thanks') return '差一点点，谢谢参与'
  if (prize.type === 'physical') return `恭喜抽中「${prize.name}」，请到「我的奖品」填写收货地址`
  return `恭喜抽中「${prize.name}」`
}

function Wheel({ lottery, onDrawn }: { lottery: LotteryView; onDrawn: (result: DrawResponse) => void }) {
  const cells = cellsOf(lottery.prizes)
  const [lit, setLit] = useState<number | null>(null)
  const [spinning, setSpinning] = useState(false)
  const { ask } = useSubscribe('lottery')
  const timer = useRef<ReturnType<typeof setTimeout>>()
  useEffect(() => () => clearTimeout(timer.current), [])

  // Runs the light round the ring, slowing down, and stops on the cell the server chose.
  const spinTo = (target: number) =>
    new Promise<void>((resolve) => {
      const start = lit ?? 0
      const steps = MIN_STEPS + ((target - start + RING.length) % RING.length)
      let step = 0
      const tick = () => {
        step++
        setLit((start + step) % RING.length)
        if (step >= steps) return resolve()
        timer.current = setTimeout(tick, 40 + Math.max(0, step - steps + 8) * 40)
      }
      tick()
    })

  const start = async () => {
    if (spinning) return
    setSpinning(true)
    try {
      // Before the draw, on the tap: whether to hear of a prize by message.
      await ask()
      const result = await draw(lottery.id)
      const won = result.draw.prize
      const matches = cells.map((cell, index) => (won && cell.id === won.id ? index : -1)).filter((index) => index >= 0)
      const thanks = cells.findIndex((cell) => cell.type === 'thanks')
      await spinTo(matches[0] ?? (thanks >= 0 ? thanks : 0))
      onDrawn(result)
    } catch {
      // The request's toast says why (no points left, limit reached…).
    } finally {
      setSpinning(false)
    }
  }

  const disabled = spinning || lottery.mine.ineligibleReason !== null
  return (
    <View className='wheel'>
      {Array.from({ length: 9 }, (_, slot) => {
        if (slot === 4) {
          return (
            <View key='go' id='lottery-draw' className={`wheel__go ${disabled ? 'wheel__go--disabled' : ''}`} onClick={() => void start()}>
              <Text className='wheel__go-text'>{spinning ? '抽奖中' : '抽奖'}</Text>
              <Text className='wheel__go-cost'>
                {lottery.mine.freeDrawsLeftToday > 0 ? `免费 ${lottery.mine.freeDrawsLeftToday} 次` : `${lottery.costPoints} 积分/次`}
              </Text>
            </View>
          )
        }
        const index = RING.indexOf(slot)
        const cell = cells[index] as LotteryPrize
        return (
          <View key={slot} className={`wheel__cell ${lit === index ? 'wheel__cell--lit' : ''}`}>
            <Text className='wheel__cell-name'>{cell.name}</Text>
          </View>
        )
      })}
    </View>
  )
}

export default function LotteryPage() {
  const wanted = Number(useRouter().params.id) || null
  const { state, reload, setState } = useRemote(async () => {
    if (wanted) return fetchLottery(wanted)
    const { items } = await fetchLotteries()
    const current = items.find((item) => item.status === 'active') ?? items[0]
    if (!current) throw new Error('暂无进行中的抽奖活动')
    return current
  })
  const [result, setResult] = useState<DrawResponse | null>(null)

  const drawn = (outcome: DrawResponse) => {
    setResult(outcome)
    if (state.status === 'ready') {
      const mine = state.data.mine
      setState({
        status: 'ready',
        data: {
          ...state.data,
          mine: {
            ...mine,
            balance: outcome.balance,
            drawsToday: mine.drawsToday + 1,
            freeDrawsLeftToday: Math.max(0, mine.freeDrawsLeftToday - (outcome.draw.free ? 1 : 0)),
            drawsLeft: Math.max(0, mine.drawsLeft - 1),
          },
        },
      })
    }
  }

  return (
    <View className='activity-page lottery'>
      <PageState state={state} onRetry={() => void reload()}>
        {(lottery) => (
          <>
            <View className='activity-card'>
              <Text className='activity-title'>{lottery.name}</Text>
              <Text className='activity-muted'>
                每天免费 {lottery.freeDrawsPerDay} 次，之后每次 {lottery.costPoints} 积分；共可抽 {lottery.maxDrawsPerUser} 次
              </Text>
              <View className='activity-row'>
                <Text>
                  我的积分 <Text id='lottery-balance'>{lottery.mine.balance}</Text>
                </Text>
                <Text id='lottery-left'>剩余 {lottery.mine.drawsLeft} 次</Text>
              </View>
              {lottery.mine.ineligibleReason ? <Text className='activity-muted'>{lottery.mine.ineligibleReason}</Text> : null}
            </View>
            <Wheel lottery={lottery} onDrawn={drawn} />
            {result ? (
              <View className='activity-card lottery__result'>
                <Text id='lottery-result' className='activity-title'>
                  {resultText(result)}
                </Text>
              </View>
            ) : null}
            <View id='lottery-my-prizes' className='activity-card' onClick={() => void Taro.navigateTo({ url: '/packages/lottery/prizes/index' })}>
              <View className='activity-row'>
                <Text>我的奖品</Text>
                <Text className='activity-muted'>查看 / 领取 ›</Text>
              </View>
            </View>
          </>
        )}
      </PageState>
    </View>
  )
}
