/** The group page, as a mini-program path (also what a weapp share opens). */
export const groupPage = (groupId: number) => `/packages/groupbuy/group/index?id=${groupId}`
