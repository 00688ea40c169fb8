import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'

type Schema = Record<string, unknown>
type BuildSerializer = ReturnType<typeof SerializerSelector>

/** Keys whose values are data, not schemas. */
const DATA_KEYS = new Set(['const', 'enum', 'default', 'examples', 'example'])
/** A schema that fast-json-stringify serializes without a union of its own. */
const COMBINATORS = ['anyOf', 'oneOf', 'allOf', 'if', '$ref']

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value)
const isPlain = (schema: Schema) => COMBINATORS.every((key) => schema[key] === undefined)
const isNull = (schema: Schema) => schema.type === 'null' && Object.keys(schema).every((key) => key === 'type')

/** The field every option is an object with a different literal of, if there is one. */
function discriminatorOf(options: Schema[]): string | undefined {
  const [head] = options
  if (!head || options.length < 2 || !options.every((option) => option.type === 'object' && isPlain(option))) return undefined
  const literal = (option: Schema, key: string) => (option.properties as Record<string, Schema> | undefined)?.[key]?.const
  return Object.keys((head.properties as Schema | undefined) ?? {}).find((key) => {
    const tags = options.map((option) => literal(option, key))
    const required = options.every((option) => Array.isArray(option.required) && option.required.includes(key))
    return required && tags.every((tag) => typeof tag === 'string' || typeof tag === 'number') && new Set(tags).size === tags.length
  })
}

/** A union, said so that serializing it checks no more than it must. */
function fasterUnion(union: Schema, options: Schema[]): Schema {
  const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = union
  // A value or null: serialized as the value, without Ajv checking it first (formats, patterns).
  if (options.length === 2) {
    const value = options.find((option) => !isNull(option))
    if (value && options.some(isNull) && isPlain(value) && value.type !== undefined) return { ...rest, ...value, nullable: true }
  }
  // Literals: serialized as they are.
  const literals = options.map((option) => option.const)
  if (literals.every((literal) => typeof literal === 'string')) return { ...rest, type: 'string', enum: literals }
  // Objects told apart by a literal field: only that field is checked, not every field of every option.
  const tag = discriminatorOf(options)
  if (tag) {
    return options.slice(0, -1).reduceRight<Schema>(
      (otherwise, option) => ({
        if: { type: 'object', properties: { [tag]: { const: (option.properties as Record<string, Schema>)[tag]?.const } } },
        then: option,
        else: otherwise,
      }),
      { ...rest, ...(options.at(-1) as Schema) },
    )
  }
  return { ...union, [union.anyOf ? 'anyOf' : 'oneOf']: options }
}

const rewritten = new WeakMap<object, unknown>()

/**
 * A response schema as fast-json-stringify serializes it quickly, meaning the same. It picks a union's
 * option by validating the value against each option with Ajv: every nullable date a date-time check,
 * every script in a page of them a full validation per option tried. Such unions become `nullable`,
 * an enum, or an if/then/else on the field that tells the options apart.
 */
export function forSerializing<T>(node: T): T {
  if (typeof node !== 'object' || node === null) return node
  const known = rewritten.get(node)
  if (known) return known as T
  let result: unknown
  if (Array.isArray(node)) result = node.map(forSerializing)
  else {
    const copy: Schema = {}
    for (const [key, value] of Object.entries(node)) copy[key] = DATA_KEYS.has(key) ? value : forSerializing(value)
    const options = copy.anyOf ?? copy.oneOf
    result = Array.isArray(options) && options.every(isSchema) ? fasterUnion(copy, options) : copy
  }
  rewritten.set(node, result)
  return result as T
}

/** Fastify's serializer compiler, given each route's response schemas as `forSerializing` says them. */
export const buildSerializer = ((externalSchemas, options) => {
  const compile = SerializerSelector()(externalSchemas, options)
  return (route) => compile({ ...route, schema: forSerializing(route.schema) })
}) as BuildSerializer
