import { View, Text } from '@tarojs/components'
import { Input } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import type { ShippingAddress } from '@liuliang/shared'
import { fieldLabel } from '@liuliang/shared/labels'

// Labelled with the server's words for these fields, so a refusal names them as the form does.
const label = (key: keyof ShippingAddress) => fieldLabel(`address.${key}`) ?? key

const FIELDS: { key: keyof ShippingAddress; label: string; placeholder: string; type?: 'number' }[] = [
  { key: 'name', label: label('name'), placeholder: '姓名' },
  { key: 'phone', label: label('phone'), placeholder: '11 位手机号', type: 'number' },
  { key: 'region', label: label('region'), placeholder: '省 市 区' },
  { key: 'detail', label: label('detail'), placeholder: '街道、门牌号' },
]

export const EMPTY_ADDRESS: ShippingAddress = { name: '', phone: '', region: '', detail: '' }

/** What is wrong with an address, in the words the form shows; null when it can be sent. */
export function addressProblem(address: ShippingAddress): string | null {
  const missing = FIELDS.find((field) => address[field.key].trim() === '')
  if (missing) return `请填写${missing.label}`
  if (!/^1\d{10}$/.test(address.phone)) return '请填写正确的 11 位手机号'
  return null
}

export function AddressForm({ value, onChange }: { value: ShippingAddress; onChange: (next: ShippingAddress) => void }) {
  return (
    <View className='address-form'>
      {FIELDS.map((field) => (
        <View key={field.key} className='address-form__row'>
          <Text className='address-form__label'>{field.label}</Text>
          <Input
            id={`address-${field.key}`}
            className='address-form__input'
            type={field.type ?? 'text'}
            placeholder={field.placeholder}
            value={value[field.key]}
            onChange={(text) => onChange({ ...value, [field.key]: text })}
          />
        </View>
      ))}
    </View>
  )
}
