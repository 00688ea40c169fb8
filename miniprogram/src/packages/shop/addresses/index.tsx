import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { Address, ShippingAddress } from '@liuliang/shared'
import { PageState } from '../../../components/page-state'
import { IS_H5 } from '../../../env'
import { useRemote } from '../../../hooks/use-remote'
import { deleteAddress, fetchAddresses, saveAddress } from '../../../services/shop'
import { AddressForm, EMPTY_ADDRESS, addressProblem } from '../../mall/detail/address-form'
import { CHOSEN_ADDRESS_KEY } from './chosen'
import '../../../styles/activity.scss'
import '../shop.scss'

/** WeChat's own address book (weapp): fills the same form, which the customer then saves. */
async function fromWeChat(): Promise<ShippingAddress | null> {
  try {
    const picked = await Taro.chooseAddress()
    return {
      name: picked.userName,
      phone: picked.telNumber,
      region: [picked.provinceName, picked.cityName, picked.countyName].filter(Boolean).join(' '),
      detail: picked.detailInfo,
    }
  } catch {
    // The customer closed WeChat's list, or refused it: the form stays as it was.
    return null
  }
}

export default function AddressesPage() {
  const selecting = useRouter().params.select === '1'
  const { state, reload } = useRemote((options) => fetchAddresses(options))
  const [editing, setEditing] = useState<{ id?: number; value: ShippingAddress; isDefault: boolean } | null>(null)
  const [busy, setBusy] = useState(false)

  const choose = (address: Address) => {
    if (!selecting) return
    Taro.setStorageSync(CHOSEN_ADDRESS_KEY, address.id)
    void Taro.navigateBack()
  }

  const save = async () => {
    if (!editing) return
    const problem = addressProblem(editing.value)
    if (problem) {
      void Taro.showToast({ title: problem, icon: 'none' })
      return
    }
    setBusy(true)
    try {
      const saved = await saveAddress({ ...editing.value, isDefault: editing.isDefault }, editing.id)
      setEditing(null)
      await reload()
      if (selecting) choose(saved)
    } catch {
      // The http client has toasted the reason.
    } finally {
      setBusy(false)
    }
  }

  const startNew = async (count: number) => {
    const value = IS_H5 ? EMPTY_ADDRESS : ((await fromWeChat()) ?? EMPTY_ADDRESS)
    setEditing({ value, isDefault: count === 0 })
  }

  return (
    <View className='activity-page'>
      <PageState state={state} onRetry={() => void reload()}>
        {({ items }) => (
          <>
            {editing ? (
              <View className='activity-card'>
                <Text className='activity-title'>{editing.id ? '修改地址' : '新增地址'}</Text>
                {IS_H5 ? null : (
                  <Text
                    className='activity-muted'
                    onClick={() => void fromWeChat().then((value) => value && setEditing({ ...editing, value }))}
                  >
                    从微信导入地址 ›
                  </Text>
                )}
                <AddressForm value={editing.value} onChange={(value) => setEditing({ ...editing, value })} />
                <View className='activity-row' onClick={() => setEditing({ ...editing, isDefault: !editing.isDefault })}>
                  <Text id='address-default'>{editing.isDefault ? '☑' : '☐'} 设为默认地址</Text>
                </View>
                <View className='activity-actions'>
                  <Button type='default' disabled={busy} onClick={() => setEditing(null)}>
                    取消
                  </Button>
                  <Button id='address-save' type='primary' loading={busy} onClick={() => void save()}>
                    保存
                  </Button>
                </View>
              </View>
            ) : null}
            {items.length === 0 && !editing ? <Text className='activity-empty'>还没有收货地址</Text> : null}
            {items.map((address) => (
              <View key={address.id} id={`address-${address.id}`} className='activity-card' onClick={() => choose(address)}>
                <Text className='activity-title'>
                  {address.name} {address.phone}
                  {address.isDefault ? ' · 默认' : ''}
                </Text>
                <Text className='activity-muted'>
                  {address.region} {address.detail}
                </Text>
                <View className='activity-actions'>
                  <Button
                    size='small'
                    type='default'
                    onClick={(event) => {
                      event.stopPropagation()
                      const { name, phone, region, detail, isDefault } = address
                      setEditing({ id: address.id, value: { name, phone, region, detail }, isDefault })
                    }}
                  >
                    编辑
                  </Button>
                  <Button
                    size='small'
                    type='default'
                    onClick={(event) => {
                      event.stopPropagation()
                      void deleteAddress(address.id).then(reload, () => undefined)
                    }}
                  >
                    删除
                  </Button>
                </View>
              </View>
            ))}
            {editing ? null : (
              <View className='activity-actions'>
                <Button id='address-add' block type='primary' onClick={() => void startNew(items.length)}>
                  新增收货地址
                </Button>
              </View>
            )}
          </>
        )}
      </PageState>
    </View>
  )
}
