// Scannable codes: a contact way's QR carries its address, a mini-program code its scene, so a phone
// or a test reading the picture finds what Tencent's would lead to.
import jpeg from 'jpeg-js'
import QRCode from 'qrcode'

/** Tencent's default edge for both kinds of code, in pixels. */
export const DEFAULT_CODE_WIDTH = 430
/** The quiet zone around the modules, in modules, as the QR standard asks. */
const MARGIN = 4

export function qrPng(text: string, width = DEFAULT_CODE_WIDTH): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', width, margin: MARGIN, errorCorrectionLevel: 'M' })
}

/** A QR code as a baseline JPEG, the format getwxacodeunlimit answers with. */
export function qrJpeg(text: string, width = DEFAULT_CODE_WIDTH): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const span = modules.size + 2 * MARGIN
  const pixels = Buffer.alloc(width * width * 4)
  for (let y = 0; y < width; y++) {
    const row = Math.floor((y * span) / width) - MARGIN
    for (let x = 0; x < width; x++) {
      const column = Math.floor((x * span) / width) - MARGIN
      const inside = row >= 0 && column >= 0 && row < modules.size && column < modules.size
      const shade = inside && modules.get(row, column) ? 0 : 255
      pixels.fill(shade, (y * width + x) * 4, (y * width + x) * 4 + 3)
      pixels[(y * width + x) * 4 + 3] = 255
    }
  }
  return jpeg.encode({ data: pixels, width, height: width }, 90).data
}
