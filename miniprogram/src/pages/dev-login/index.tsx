import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Input } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import { errorMessage } from '../../services/client'
import { DEV_QUICK_PICKS, isValidWho } from '../../services/login-code'
import { useSessionStore } from '../../stores/session'
import './index.scss'

/**
 * h5 preview only (app.config.ts leaves it out of the weapp build): outside WeChat there is no
 * wx.login, so the tester says who they are and the sandbox issues that user's login code.
 */
export default function DevLoginPage() {
  const [who, setWho] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const signInAs = async (name: string) => {
    if (!isValidWho(name)) {
      setError('账号只能包含字母、数字和下划线，最多 32 个字符')
      return
    }
    setBusy(true)
    setError(null)
    try {
      await useSessionStore.getState().signIn(name)
      await Taro.switchTab({ url: '/pages/home/index' })
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='dev-login'>
      <Text className='dev-login__title'>预览版登录</Text>
      <Text className='dev-login__hint'>浏览器里没有微信登录，请选择或输入一个沙箱用户。</Text>
      <View className='dev-login__picks'>
        {DEV_QUICK_PICKS.map((name) => (
          <Button
            key={name}
            id={`dev-login-${name}`}
            className='dev-login__pick'
            size='small'
            fill='outline'
            type='primary'
            disabled={busy}
            onClick={() => void signInAs(name)}
          >
            {name}
          </Button>
        ))}
      </View>
      <View className='dev-login__form'>
        <Input
          id='dev-login-who'
          className='dev-login__input'
          placeholder='其他用户名（字母、数字、下划线）'
          value={who}
          maxLength={32}
          onChange={setWho}
        />
        <Button id='dev-login-submit' block type='primary' loading={busy} onClick={() => void signInAs(who.trim())}>
          登录
        </Button>
      </View>
      {error ? <Text className='dev-login__error'>{error}</Text> : null}
    </View>
  )
}
