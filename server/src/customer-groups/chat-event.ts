// change_external_chat (WeCom doc 92130) as the callback carries it: flat fields, plus MemChangeList, a
// list of <Item>s the flat parse leaves out.
import { XMLParser } from 'fast-xml-parser'
import type { ChatEvent } from './group-chat-service'

const parser = new XMLParser({ parseTagValue: false, trimValues: true, processEntities: false, isArray: (name) => name === 'Item' })
const CHANGE_TYPES = ['create', 'update', 'dismiss'] as const

const numberOf = (value: string | undefined) => (value === undefined || value === '' || !Number.isFinite(Number(value)) ? undefined : Number(value))

/** The event, or undefined when it is not one we know how to apply (a malformed ChangeType). */
export function parseChatEvent(xml: string, fields: Record<string, string>, at: Date): ChatEvent | undefined {
  const changeType = CHANGE_TYPES.find((type) => type === fields.ChangeType)
  if (!changeType || !fields.ChatId) return undefined
  const list = (parser.parse(xml) as { xml?: { MemChangeList?: { Item?: unknown[] } } }).xml?.MemChangeList?.Item ?? []
  return {
    chatId: fields.ChatId,
    changeType,
    updateDetail: fields.UpdateDetail || undefined,
    joinScene: numberOf(fields.JoinScene),
    quitScene: numberOf(fields.QuitScene),
    memChangeList: list.filter((item): item is string => typeof item === 'string' && item !== ''),
    lastMemVer: fields.LastMemVer || undefined,
    curMemVer: fields.CurMemVer || undefined,
    at,
  }
}
