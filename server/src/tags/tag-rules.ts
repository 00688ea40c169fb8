// Automatic tags from activity: other domains report what a customer did, a rule an admin switched
// on turns it into a tag. The one entry point is `app.tagRules.onActivity(customerId, activity)`.
import fp from 'fastify-plugin'
import { eq, sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { TAG_RULE_ACTIVITIES, type PutTagRuleRequest, type TagRule, type TagRuleActivity, type TagRuleList } from '@liuliang/shared'
import { afterCommit, first, prepared, type DbOrTx } from '../db'
import { customers, tagRules } from '../db/schema'
import { serviceDeps, type ServiceDeps } from '../services'
import { applyCustomerTags, tagsById, type TagService } from './tag-service'

/** An activity's rule: asked after each check-in that reaches a long streak, and each win, join or sign-up. */
const ruleByActivity = prepared((handle: DbOrTx) => handle.select().from(tagRules).where(eq(tagRules.activity, sql.placeholder('activity'))))

export interface TagRuleDeps extends ServiceDeps {
  tags: TagService
}

export function createTagRuleService({ db, now, log, tags }: TagRuleDeps) {
  const ruleOf = async (activity: TagRuleActivity): Promise<TagRule> => {
    const rule = await first(ruleByActivity(db, { activity }))
    const [tag] = rule ? await tagsById(db, [rule.tagId]) : []
    return {
      activity,
      enabled: rule?.enabled ?? false,
      tag: tag ? { id: tag.id, groupId: tag.groupId, groupName: tag.groupName, name: tag.name } : null,
    }
  }

  return {
    /** Every activity, with its rule when an admin has set one. */
    async list(): Promise<TagRuleList> {
      const rules: TagRule[] = []
      for (const activity of TAG_RULE_ACTIVITIES) rules.push(await ruleOf(activity))
      return { rules }
    },

    async setRule(activity: TagRuleActivity, input: PutTagRuleRequest): Promise<TagRule> {
      await tags.requireTags([input.tagId])
      const at = now()
      await db.transaction((tx) =>
        tx
          .insert(tagRules)
          .values({ activity, tagId: input.tagId, enabled: input.enabled, updatedAt: at })
          .onConflictDoUpdate({ target: tagRules.activity, set: { tagId: input.tagId, enabled: input.enabled, updatedAt: at } }),
      )
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
      const rule = await first(ruleByActivity(db, { activity }))
      if (!rule?.enabled) return { tagged: false }
      if (!(await first(db.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId))))) {
        throw new Error(`onActivity: no customer ${customerId}`)
      }
      const { added, removed } = await db.transaction(async (tx) =>
        applyCustomerTags(tx, {
          customerId,
          add: await tagsById(tx, [rule.tagId]),
          remove: [],
          staffId: null,
          source: 'rule',
          occurredAt: now(),
          data: { activity },
        }),
      )
      if (added.length === 0) return { tagged: false }
      const target = await tags.markTargetOf(customerId)
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
  afterCommit(() => {
    app.tagRules.onActivity(customerId, activity).catch((error: unknown) => app.log.warn({ err: error, activity }, 'tag rule failed'))
  })
}

export default fp(
  async (app) => {
    app.decorate('tagRules', createTagRuleService({ ...serviceDeps(app), tags: app.tags }))
  },
  { name: 'tag-rules', dependencies: ['db', 'clock', 'tags'] },
)
