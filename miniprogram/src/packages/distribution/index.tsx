import { useState } from 'react'
import { View, Text, Image, Input } from '@tarojs/components'
import Taro, { useShareAppMessage } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { Distributor, Earnings } from '@liuliang/shared'
import { PageState } from '../../components/page-state'
import { IS_H5 } from '../../env'
import { useRemote } from '../../hooks/use-remote'
import { useSubscribe } from '../../hooks/use-subscribe'
import {
  applyDistributor,
  fetchCommissions,
  fetchEarnings,
  fetchMyDistribution,
  fetchTeam,
  shareCodeRequest,
  withdraw,
} from '../../services/distribution'
import { yuan } from '../../utils/format'
import '../../styles/activity.scss'
import './index.scss'

const COMMISSION_STATUS = { frozen: '冻结中', settled: '已结算', reversed: '已退回' } as const

async function loadCentre() {
  const { distributor } = await fetchMyDistribution()
  if (distributor?.status !== 'approved') return { distributor, earnings: null, commissions: [], team: null }
  const [earnings, commissions, team] = await Promise.all([fetchEarnings(), fetchCommissions(), fetchTeam()])
  return { distributor, earnings, commissions: commissions.items, team }
}

function EarningsCard({ earnings }: { earnings: Earnings }) {
  const figures = [
    ['frozen', '冻结中', earnings.frozen],
    ['settled', '已结算', earnings.settled],
    ['withdrawable', '可提现', earnings.withdrawable],
    ['withdrawn', '已提现', earnings.withdrawn],
  ] as const
  return (
    <View className='activity-card earnings'>
      {figures.map(([key, label, fen]) => (
        <View key={key} className='earnings__figure'>
          <Text id={`earnings-${key}`} className='earnings__amount'>
            ¥{yuan(fen)}
          </Text>
          <Text className='activity-muted'>{label}</Text>
        </View>
      ))}
      {earnings.pendingWithdrawal > 0 ? <Text className='activity-muted'>提现审核中 ¥{yuan(earnings.pendingWithdrawal)}</Text> : null}
      {earnings.owed > 0 ? <Text className='activity-muted'>退款冲回待抵扣 ¥{yuan(earnings.owed)}</Text> : null}
    </View>
  )
}

function SharePanel({ distributor }: { distributor: Distributor }) {
  const [poster, setPoster] = useState<string | null>(null)
  const showPoster = async () => {
    const { url, header } = shareCodeRequest()
    const { tempFilePath, statusCode } = await Taro.downloadFile({ url, header })
    if (statusCode !== 200) {
      void Taro.showToast({ title: '小程序码生成失败，请稍后再试', icon: 'none' })
      return
    }
    setPoster(tempFilePath)
  }
  const copyLink = () => {
    const link = IS_H5 ? `${window.location.origin}/mp/#/${distributor.sharePath}` : distributor.sharePath
    void Taro.setClipboardData({ data: link })
  }
  return (
    <View className='activity-card'>
      <Text className='activity-title'>推广</Text>
      <Text className='activity-muted'>
        我的推广码 <Text id='distributor-code'>{distributor.code}</Text>：好友打开你的链接即绑定 30 天，下单你得佣金
      </Text>
      <View className='activity-actions'>
        <Button id='distribution-copy-link' type='primary' fill='outline' onClick={copyLink}>
          复制推广链接
        </Button>
        <Button id='distribution-poster' type='primary' onClick={() => void showPoster()}>
          生成海报
        </Button>
      </View>
      {poster ? (
        <View className='poster'>
          <Text className='poster__title'>扫码进入留量会员</Text>
          <Image className='poster__code' src={poster} mode='aspectFit' showMenuByLongpress />
          <Text className='activity-muted'>长按保存图片，分享给好友</Text>
        </View>
      ) : null}
    </View>
  )
}

export default function DistributionCentrePage() {
  const { state, reload } = useRemote(loadCentre)
  const [amount, setAmount] = useState('')
  const [busy, setBusy] = useState(false)
  const distributor = state.status === 'ready' ? state.data.distributor : null

  // Settled commission is announced by a subscription message, asked for when the customer acts here.
  const { ask } = useSubscribe('distribution')

  useShareAppMessage(() => ({ title: '给你推荐几样好物', path: distributor ? `/${distributor.sharePath}` : '/pages/home/index' }))

  const apply = async () => {
    setBusy(true)
    try {
      await ask()
      const applied = await applyDistributor()
      void Taro.showToast({ title: applied.status === 'approved' ? '你已成为分销员' : '申请已提交，等待审核', icon: 'none' })
      await reload()
    } finally {
      setBusy(false)
    }
  }

  const requestWithdrawal = async () => {
    const fen = Math.round(Number(amount) * 100)
    if (!Number.isFinite(fen) || fen <= 0) {
      void Taro.showToast({ title: '请输入提现金额', icon: 'none' })
      return
    }
    setBusy(true)
    try {
      await ask()
      await withdraw(fen)
      void Taro.showToast({ title: '提现申请已提交，等待审核', icon: 'none' })
      setAmount('')
      await reload()
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='activity-page'>
      <PageState state={state} onRetry={() => void reload()}>
        {({ distributor: me, earnings, commissions, team }) =>
          me?.status !== 'approved' || !earnings ? (
            <View className='activity-card'>
              <Text className='activity-title'>成为分销员</Text>
              <Text className='activity-muted'>分享好物给好友，好友下单你得 10% 佣金，好友推荐的好友下单你再得 5%</Text>
              {me?.status === 'pending' ? (
                <Text id='distribution-pending' className='activity-muted'>
                  申请审核中
                </Text>
              ) : (
                <Button id='distribution-apply' block type='primary' loading={busy} onClick={() => void apply()}>
                  申请成为分销员
                </Button>
              )}
            </View>
          ) : (
            <>
              <EarningsCard earnings={earnings} />
              <View className='activity-card'>
                <Text className='activity-title'>提现</Text>
                <Input className='withdraw__input' type='digit' placeholder='提现金额（元）' value={amount} onInput={(event) => setAmount(event.detail.value)} />
                <Button id='distribution-withdraw' block type='primary' loading={busy} onClick={() => void requestWithdrawal()}>
                  申请提现
                </Button>
              </View>
              <SharePanel distributor={me} />
              <View className='activity-card'>
                <Text className='activity-title'>佣金明细</Text>
                {commissions.length === 0 ? <Text className='activity-empty'>还没有佣金</Text> : null}
                {commissions.map((commission) => (
                  <View key={commission.id} id={`commission-${commission.id}`} className='activity-row'>
                    <Text>
                      {commission.buyerName ?? '好友'} · {commission.level === 1 ? '直推' : '间推'}
                    </Text>
                    <Text>
                      ¥{yuan(commission.amountFen)} {COMMISSION_STATUS[commission.status]}
                    </Text>
                  </View>
                ))}
              </View>
              <View className='activity-card'>
                <Text className='activity-title'>我的团队（{team?.members.length ?? 0}）</Text>
                {team?.members.map((member) => (
                  <View key={member.customerId} className='activity-row'>
                    <Text>{member.name ?? '微信用户'}</Text>
                    <Text className='activity-muted'>{member.isDistributor ? '分销员' : `绑定至 ${member.expiresAt.slice(0, 10)}`}</Text>
                  </View>
                ))}
              </View>
            </>
          )
        }
      </PageState>
    </View>
  )
}
