// Reads a code image back as a phone's scanner would: decode the picture, find the QR, return its text.
import jpeg from 'jpeg-js'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'

export function readCode(bytes: Buffer, type: 'image/png' | 'image/jpeg'): { text: string | null; width: number; height: number } {
  const image = type === 'image/png' ? PNG.sync.read(bytes) : jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true })
  const found = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)
  return { text: found?.data ?? null, width: image.width, height: image.height }
}
