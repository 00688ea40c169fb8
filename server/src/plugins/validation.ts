import AjvCompiler, { type BuildCompilerFromPool, type Options } from '@fastify/ajv-compiler'

const compilers = AjvCompiler()

/**
 * Fastify's own validator, except that a JSON body is checked as it was sent. Query strings and path
 * parameters are text on the wire and still become the numbers and booleans their schemas ask for;
 * a body already has types, and coercing them would accept `{"stock": null}` as a stock of 0,
 * `{"active": 0}` as false and `{"channels": 5}` as a list.
 */
export const buildValidator: BuildCompilerFromPool = (externalSchemas, options) => {
  const parts = compilers(externalSchemas, options)
  const customOptions: Options = { ...(options?.customOptions as Options), coerceTypes: false }
  const bodies = compilers(externalSchemas, { ...options, mode: undefined, customOptions })
  // Fastify calls the compiler with the route's part; the pool's type does not say so.
  return ((route: { httpPart?: string }) => (route.httpPart === 'body' ? bodies : parts)(route as never)) as typeof parts
}
