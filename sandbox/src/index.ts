// What other packages may use: the sandbox built in-process, as the server's tests start it.
export { buildSandbox, type SandboxOptions } from './app'
