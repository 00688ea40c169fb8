// WeCom's customer inheritance APIs (WeCom docs 92125, 92124, 96331, 96333, 96334), typed. Part of the WeCom
// client as `wecom.transfers`. Each call names at most 100 customers; results page by cursor.
import type { CallOptions, TencentReply } from './tencent-client'

type Reply<T> = TencentReply & T
type Call = <T extends TencentReply>(api: string, options?: CallOptions) => Promise<T>

/** 0 means WeCom started the transfer (takeover within 24 hours); anything else, why it would not. */
export interface TransferAnswer {
  external_userid: string
  errcode: number
}

/** 1 done, 2 waiting, 3 refused by the customer, 4 the takeover member is full, 5 no such transfer. */
export interface TransferResult {
  external_userid: string
  status: number
  /** Unix seconds: when the takeover happened, or will. */
  takeover_time: number
}

export interface UnassignedCustomer {
  handover_userid: string
  external_userid: string
  /** Unix seconds */
  dimission_time: number
}

export interface TransferPair {
  handover_userid: string
  takeover_userid: string
}

export interface FailedChat {
  chat_id: string
  errcode: number
  errmsg: string
}

const PATH = 'cgi-bin/externalcontact'

export function createTransferCalls(call: Call) {
  const post = <T>(api: string, body: unknown) => call<Reply<T>>(`${PATH}/${api}`, { method: 'POST', body })
  return {
    /** 在职继承: the message is shown to the customer (WeCom's default when absent). */
    async onJob(body: TransferPair & { external_userid: string[]; transfer_success_msg?: string }): Promise<TransferAnswer[]> {
      return (await post<{ customer: TransferAnswer[] }>('transfer_customer', body)).customer
    },
    /** 离职继承: the handover member must have resigned. */
    async resigned(body: TransferPair & { external_userid: string[] }): Promise<TransferAnswer[]> {
      return (await post<{ customer: TransferAnswer[] }>('resigned/transfer_customer', body)).customer
    },
    /** One page of a pair's results; `next_cursor` is empty on the last. */
    onJobResults: (body: TransferPair & { cursor?: string }) =>
      post<{ customer: TransferResult[]; next_cursor?: string }>('transfer_result', body),
    resignedResults: (body: TransferPair & { cursor?: string }) =>
      post<{ customer: TransferResult[]; next_cursor?: string }>('resigned/transfer_result', body),
    /** Groups to a new owner: their owner resigned (groupchat/transfer), or is at work (onjob_transfer). */
    async groups(kind: 'on_job' | 'resigned', body: { chat_id_list: string[]; new_owner: string }): Promise<FailedChat[]> {
      const api = kind === 'on_job' ? 'groupchat/onjob_transfer' : 'groupchat/transfer'
      return (await post<{ failed_chat_list?: FailedChat[] }>(api, body)).failed_chat_list ?? []
    },
    unassigned: (body: { cursor?: string; page_size?: number }) =>
      post<{ info: UnassignedCustomer[]; is_last: boolean; next_cursor?: string }>('get_unassigned_list', body),
  }
}
