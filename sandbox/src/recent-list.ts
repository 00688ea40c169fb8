/** The latest entries of an activity log, capped so a long-running demo does not grow without bound. */
export class RecentList<T> {
  private readonly entries: T[] = []

  constructor(private readonly capacity = 1000) {}

  add(entry: T): void {
    this.entries.push(entry)
    if (this.entries.length > this.capacity) this.entries.shift()
  }

  newestFirst(): T[] {
    return [...this.entries].reverse()
  }
}
