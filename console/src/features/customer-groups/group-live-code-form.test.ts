import { describe, expect, it } from 'vitest'
import { BLANK_GROUP_LIVE_CODE, groupLiveCodeProblems, groupLiveCodeRequest } from './group-live-code-form'

describe('the group live-code form', () => {
  it('asks for a name, one to five groups and a base name when new groups are opened', () => {
    expect(groupLiveCodeProblems(BLANK_GROUP_LIVE_CODE)).toEqual(['请填写群活码名称', '请至少选择一个客户群', '自动建群需要填写新群的群名前缀'])
    const ok = { ...BLANK_GROUP_LIVE_CODE, name: '门店', groupIds: [1], roomBaseName: '门店群' }
    expect(groupLiveCodeProblems(ok)).toEqual([])
    expect(groupLiveCodeProblems({ ...ok, groupIds: [1, 2, 3, 4, 5, 6] })).toEqual(['一个群活码最多 5 个群'])
    expect(groupLiveCodeProblems({ ...ok, autoCreateRoom: false, roomBaseName: '' })).toEqual([])
    expect(groupLiveCodeProblems({ ...ok, roomBaseId: '0' })).toEqual(['新群起始序号需为 1–100000 的整数'])
  })

  it('sends trimmed text and a number', () => {
    expect(groupLiveCodeRequest({ name: ' 门店 ', groupIds: [3], autoCreateRoom: true, roomBaseName: ' 门店群 ', roomBaseId: '7' })).toEqual({
      name: '门店',
      groupIds: [3],
      autoCreateRoom: true,
      roomBaseName: '门店群',
      roomBaseId: 7,
    })
  })
})
