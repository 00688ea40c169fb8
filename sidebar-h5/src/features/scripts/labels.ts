import type { ScriptType } from '@liuliang/shared'

export const SCRIPT_TYPE_LABELS: Record<ScriptType, string> = {
  text: '文字',
  image: '图片',
  link: '链接',
  miniprogram: '小程序',
}
