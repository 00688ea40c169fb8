import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { MyPrize, ShippingAddress } from '@liuliang/shared'
import { PageState } from '../../../components/page-state'
import { useRemote } from '../../../hooks/use-remote'
import { claimPrize, fetchMyPrizes } from '../../../services/lottery'
import '../../../styles/activity.scss'
import './index.scss'

const FIELDS: { key: keyof ShippingAddress; label: string }[] = [
  { key: 'name', label: '收货人' },
  { key: 'phone', label: '手机号' },
  { key: 'region', label: '省市区' },
  { key: 'detail', label: '详细地址' },
]

function ClaimForm({ prize, onClaimed }: { prize: MyPrize; onClaimed: () => void }) {
  const [address, setAddress] = useState<ShippingAddress>({ name: '', phone: '', region: '', detail: '' })
  const [busy, setBusy] = useState(false)
  const submit = async () => {
    if (!/^1\d{10}$/.test(address.phone) || FIELDS.some(({ key }) => address[key].trim() === '')) {
      void Taro.showToast({ title: '请完整填写收货信息', icon: 'none' })
      return
    }
    setBusy(true)
    try {
      await claimPrize(prize.drawId, address)
      void Taro.showToast({ title: '已提交，奖品将尽快寄出', icon: 'none' })
      onClaimed()
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='claim'>
      {FIELDS.map(({ key, label }) => (
        <Input
          key={key}
          className='claim__input'
          placeholder={label}
          value={address[key]}
          onInput={(event) => setAddress({ ...address, [key]: event.detail.value })}
        />
      ))}
      <Button block type='primary' loading={busy} onClick={() => void submit()}>
        领取奖品
      </Button>
    </View>
  )
}

export default function MyPrizesPage() {
  const { state, reload } = useRemote(() => fetchMyPrizes())
  return (
    <View className='activity-page'>
      <PageState state={state} onRetry={() => void reload()}>
        {(page) =>
          page.items.length === 0 ? (
            <Text className='activity-empty'>还没有中奖记录，去试试手气吧</Text>
          ) : (
            page.items.map((prize) => (
              <View key={prize.drawId} className='activity-card'>
                <Text className='activity-title'>{prize.prize.name}</Text>
                <Text className='activity-muted'>
                  {prize.lotteryName} · {new Date(prize.createdAt).toLocaleString()}
                </Text>
                {prize.claimStatus === 'claimed' && prize.address ? (
                  <Text className='activity-muted'>
                    已领取，寄往 {prize.address.region} {prize.address.detail}
                  </Text>
                ) : null}
                {prize.claimStatus === 'unclaimed' ? <ClaimForm prize={prize} onClaimed={() => void reload()} /> : null}
              </View>
            ))
          )
        }
      </PageState>
    </View>
  )
}
