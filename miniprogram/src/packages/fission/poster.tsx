import { useState } from 'react'
import { Canvas, Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { IS_H5 } from '../../env'

export interface PosterContent {
  activityName: string
  posterImageUrl: string | null
  inviterName: string
  qrCodeUrl: string
}

const CANVAS_ID = 'fission-poster-canvas'
// The saved image, in canvas pixels before the device ratio.
const WIDTH = 300
const HEIGHT = 480
const PICTURE_HEIGHT = 160
const QR_SIZE = 160

/** A local path for a network image: canvas draws only those on weapp. */
async function localImage(canvas: Taro.Canvas, url: string) {
  const { path } = await Taro.getImageInfo({ src: url })
  const image = canvas.createImage()
  await new Promise<void>((resolve, reject) => {
    image.onload = () => resolve()
    image.onerror = reject
    image.src = path
  })
  return image
}

/** Draws the poster on the hidden canvas and saves it to the album (weapp). */
async function savePoster(content: PosterContent): Promise<void> {
  const [node] = await new Promise<{ node: Taro.Canvas }[]>((resolve) =>
    Taro.createSelectorQuery().select(`#${CANVAS_ID}`).fields({ node: true, size: true }).exec(resolve),
  )
  if (!node) throw new Error('海报画布未就绪')
  const canvas = node.node
  const ratio = Taro.getSystemInfoSync().pixelRatio
  canvas.width = WIDTH * ratio
  canvas.height = HEIGHT * ratio
  const context = canvas.getContext('2d') as CanvasRenderingContext2D
  context.scale(ratio, ratio)
  context.fillStyle = '#ffffff'
  context.fillRect(0, 0, WIDTH, HEIGHT)
  const picture = content.posterImageUrl ? await localImage(canvas, content.posterImageUrl).catch(() => null) : null
  if (picture) {
    context.drawImage(picture as unknown as CanvasImageSource, 0, 0, WIDTH, PICTURE_HEIGHT)
  } else {
    context.fillStyle = '#fa2c19'
    context.fillRect(0, 0, WIDTH, PICTURE_HEIGHT)
    context.fillStyle = '#ffffff'
    context.font = 'bold 20px sans-serif'
    context.textAlign = 'center'
    context.fillText(content.activityName, WIDTH / 2, PICTURE_HEIGHT / 2 + 7, WIDTH - 32)
  }
  context.textAlign = 'center'
  context.fillStyle = '#1a1a1a'
  context.font = '15px sans-serif'
  context.fillText(`${content.inviterName} 邀请你添加专属顾问`, WIDTH / 2, PICTURE_HEIGHT + 32, WIDTH - 32)
  const qr = await localImage(canvas, content.qrCodeUrl)
  context.drawImage(qr as unknown as CanvasImageSource, (WIDTH - QR_SIZE) / 2, PICTURE_HEIGHT + 52, QR_SIZE, QR_SIZE)
  context.fillStyle = '#8a8f99'
  context.font = '12px sans-serif'
  context.fillText('长按识别二维码，添加企业微信', WIDTH / 2, PICTURE_HEIGHT + 52 + QR_SIZE + 28)
  const { tempFilePath } = await Taro.canvasToTempFilePath({ canvas } as Taro.canvasToTempFilePath.Option)
  await Taro.saveImageToPhotosAlbum({ filePath: tempFilePath })
}

/**
 * The personal poster: the activity picture, who invites, and their own code. On weapp it is also
 * drawn on a canvas to save to the album; in the h5 preview the page itself is the poster.
 */
export function Poster({ content }: { content: PosterContent }) {
  const [saving, setSaving] = useState(false)
  const save = async () => {
    setSaving(true)
    try {
      await savePoster(content)
      void Taro.showToast({ title: '海报已保存到相册', icon: 'success' })
    } catch {
      void Taro.showToast({ title: '保存失败，可截图保存海报', icon: 'none' })
    } finally {
      setSaving(false)
    }
  }
  return (
    <View id='fission-poster' className='fission-poster'>
      {content.posterImageUrl ? (
        <Image className='fission-poster__picture' src={content.posterImageUrl} mode='aspectFill' />
      ) : (
        <View className='fission-poster__banner'>
          <Text>{content.activityName}</Text>
        </View>
      )}
      <Text id='fission-poster-inviter' className='fission-poster__inviter'>
        {content.inviterName} 邀请你添加专属顾问
      </Text>
      <Image
        id='fission-poster-qr'
        className='fission-poster__qr'
        src={content.qrCodeUrl}
        mode='scaleToFill'
        showMenuByLongpress
        onClick={() => void Taro.previewImage({ urls: [content.qrCodeUrl] })}
      />
      <Text className='fission-poster__hint'>{IS_H5 ? '用微信扫一扫二维码添加' : '长按识别二维码，添加企业微信'}</Text>
      {IS_H5 ? null : (
        <>
          <Canvas id={CANVAS_ID} type='2d' className='fission-poster__canvas' />
          <Button size='small' loading={saving} onClick={() => void save()}>
            保存海报到相册
          </Button>
        </>
      )}
    </View>
  )
}
