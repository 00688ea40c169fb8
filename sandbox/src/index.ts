// What other packages may use: the sandbox built in-process, as the server's tests start it.
export { buildSandbox, type SandboxOptions } from './app'
export { DEMO_TEMPLATES as DEMO_SUBSCRIBE_TEMPLATES } from './subscribe-messages'
