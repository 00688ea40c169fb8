import { useSyncExternalStore } from 'react'
import type { DevDouble, DevDoubleState } from './wecom'

export function useDevDoubleState(double: DevDouble): DevDoubleState {
  return useSyncExternalStore(double.subscribe, double.getState)
}
