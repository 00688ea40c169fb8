// Automatic tags from activity: other domains report what a customer did, a rule an admin switched
// on turns it into a tag. The one entry point is `app.tagRules.onActivity(customerId, activity)`.
import fp from 'fastify-plugin'
import { eq } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { TAG_RULE_ACTIVITIES, type PutTagRuleRequest, type TagRule, type TagRuleActivity, type TagRuleList } from '@liuliang/shared'
import { customers, tagRules } from '../db/schema'
import { applyCustomerTags, tagsById } from './tag-service'

export function createTagRuleService(app: FastifyInstance) {
  const { db, tags, log } = app

  const ruleOf = (activity: TagRuleActivity): TagRule => {
    const rule = db.select().from(tagRules).where(eq(tagRules.activity, activity)).get()
    const [tag] = rule ? tagsById(db, [rule.tagId]) : []
    return {
      activity,
      enabled: rule?.enabled ?? false,
      tag: tag ? { id: tag.id, groupId: tag.groupId, groupName: tag.groupName, name: tag.name } : null,
    }
  }

  return {
    /** Every activity, with its rule when an admin has set one. */
    list(): TagRuleList {
      return { rules: TAG_RULE_ACTIVITIES.map(ruleOf) }
    },

    setRule(activity: TagRuleActivity, input: PutTagRuleRequest): TagRule {
      tags.requireTags([input.tagId])
      const now = new Date()
      db.insert(tagRules)
        .values({ activity, tagId: input.tagId, enabled: input.enabled, updatedAt: now })
        .onConflictDoUpdate({ target: tagRules.activity, set: { tagId: input.tagId, enabled: input.enabled, updatedAt: now } })
        .run()
      return ruleOf(activity)
    },

    /**
     * Call after the transaction that recorded the activity has committed, e.g.
     * `await app.tagRules.onActivity(customerId, 'checkin_streak_7')`. Marks the rule's tag (with
     * the timeline; an exclusive group drops its other tag) when the rule is on and the customer
     * lacks it, then marks it in WeCom through a guide who follows them. Repeating it changes
     * nothing. A WeCom failure is logged, never thrown: the activity itself has already happened.
     */
    async onActivity(customerId: number, activity: TagRuleActivity): Promise<{ tagged: boolean }> {
      const rule = db.select().from(tagRules).where(eq(tagRules.activity, activity)).get()
      if (!rule?.enabled) return { tagged: false }
      if (!db.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId)).get()) {
        throw new Error(`onActivity: no customer ${customerId}`)
      }
      const { added, removed } = db.transaction((tx) =>
        applyCustomerTags(tx, {
          customerId,
          add: tagsById(tx, [rule.tagId]),
          remove: [],
          staffId: null,
          source: 'rule',
          occurredAt: new Date(),
          data: { activity },
        }),
      )
      if (added.length === 0) return { tagged: false }
      const target = tags.markTargetOf(customerId)
      if (target) {
        await tags.markInWecom(customerId, target, added, removed).catch((error: unknown) => {
          log.warn({ err: error, customerId, activity }, 'automatic tag kept here but not marked in WeCom')
        })
      }
      return { tagged: true }
    },
  }
}

export type TagRuleService = ReturnType<typeof createTagRuleService>

declare module 'fastify' {
  interface FastifyInstance {
    tagRules: TagRuleService
  }
}

/**
 * Reports an activity once the change behind it has committed: the rule's WeCom calls must not run
 * inside another domain's transaction, and a tagging failure must not undo what the customer did.
 */
export function reportActivity(app: FastifyInstance, customerId: number, activity: TagRuleActivity): void {
  setImmediate(() => {
    app.tagRules.onActivity(customerId, activity).catch((error: unknown) => app.log.warn({ err: error, activity }, 'tag rule failed'))
  })
}

export default fp(
  async (app) => {
    app.decorate('tagRules', createTagRuleService(app))
  },
  { name: 'tag-rules', dependencies: ['db', 'tags'] },
)
