import type { FissionStatus } from '@liuliang/shared'

export const activityPage = (id: number) => `/packages/fission/activity/index?id=${id}`
/** What a participant shares: their poster, which names them by its code. */
export const posterPage = (code: string) => `/packages/fission/poster/index?code=${encodeURIComponent(code)}`

export const STATUS_TEXT: Record<FissionStatus, string> = { upcoming: '未开始', running: '进行中', ended: '已结束' }
