// The only place that reads build-time settings; Vite inlines them, so they are fixed per build.

export interface ClientEnv {
  wecomCorpId: string
  wecomAgentId: string
}

export const env: ClientEnv = {
  wecomCorpId: import.meta.env.VITE_WECOM_CORP_ID ?? '',
  wecomAgentId: import.meta.env.VITE_WECOM_AGENT_ID ?? '',
}

/** Names of the settings the WeCom OAuth redirect needs but this build lacks. */
export function missingWecomSettings(settings: Pick<ClientEnv, 'wecomCorpId' | 'wecomAgentId'>): string[] {
  const missing: string[] = []
  if (!settings.wecomCorpId) missing.push('VITE_WECOM_CORP_ID')
  if (!/^\d+$/.test(settings.wecomAgentId)) missing.push('VITE_WECOM_AGENT_ID')
  return missing
}
