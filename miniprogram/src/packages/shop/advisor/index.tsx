import { View, Text, Image } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { PageState } from '../../../components/page-state'
import { IS_H5 } from '../../../env'
import { useRemote } from '../../../hooks/use-remote'
import { fetchAdvisor } from '../../../services/shop'
import '../../../styles/activity.scss'
import '../shop.scss'

/** 添加专属顾问: the customer's own guide and the WeCom code that adds them (long-press to recognise it in WeChat). */
export default function AdvisorPage() {
  const { state, reload } = useRemote((options) => fetchAdvisor(options))
  return (
    <View className='activity-page'>
      <PageState state={state} onRetry={() => void reload()}>
        {({ guide, qrCodeUrl, added }) => (
          <View className='activity-card advisor'>
            {guide?.avatarUrl ? <Image className='advisor__avatar' src={guide.avatarUrl} mode='aspectFill' /> : null}
            <Text id='advisor-name' className='activity-title'>
              {guide ? `你的专属顾问：${guide.name}` : '添加专属顾问'}
            </Text>
            <Text className='activity-muted'>
              {added ? '你已添加顾问为企业微信好友，可以在微信里直接找 TA。' : '添加后，新品、优惠和售后都可以一对一咨询。'}
            </Text>
            {qrCodeUrl ? (
              <>
                <Image
                  id='advisor-qr'
                  className='advisor__qr'
                  src={qrCodeUrl}
                  mode='aspectFit'
                  showMenuByLongpress
                  onClick={() => void Taro.previewImage({ urls: [qrCodeUrl] })}
                />
                <Text className='activity-muted'>{IS_H5 ? '用微信扫一扫二维码添加' : '长按识别二维码添加'}</Text>
              </>
            ) : (
              <Text className='activity-empty'>顾问二维码暂未开放，请稍后再来</Text>
            )}
          </View>
        )}
      </PageState>
    </View>
  )
}
