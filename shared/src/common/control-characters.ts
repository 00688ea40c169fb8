// Text in a request may hold tabs and line breaks but no other control character: NUL is refused by
// PostgreSQL's text type and breaks full-text queries, and the rest show as nothing on every screen.

/** C0 control characters other than tab, line feed and carriage return, and DEL. */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

/**
 * Where the first control character of a parsed request sits, as a JSON pointer (`/address/detail`,
 * `''` for the value itself); keys count as well as values. Null when there is none. The walk keeps
 * its own stack: a body may nest far deeper than the call stack goes. Bytes (an uploaded file's body)
 * are no text and are not walked: a walk by key would take seconds a megabyte.
 */
export function findControlCharacter(value: unknown): string | null {
  const pending: [unknown, string][] = [[value, '']]
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [current, path] = next
    if (typeof current === 'string') {
      if (CONTROL_CHARACTER.test(current)) return path
    } else if (current !== null && typeof current === 'object' && !ArrayBuffer.isView(current)) {
      const entries = Object.entries(current)
      // Reversed onto the stack, so the first field is looked at first.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown]
        if (CONTROL_CHARACTER.test(key)) return `${path}/${key}`
        pending.push([child, `${path}/${key}`])
      }
    }
  }
  return null
}
