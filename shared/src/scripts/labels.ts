import type { ScriptType } from '../common/values'

/** How each script type reads to a person (sidebar list, admin library). */
export const SCRIPT_TYPE_LABELS: Record<ScriptType, string> = {
  text: '文字',
  image: '图片',
  link: '链接',
  miniprogram: '小程序',
  file: '视频/文件',
}
