// Temporary media ids (media/upload) live three days at WeCom; what names one after that is refused.
const LIFETIME_SECONDS = 3 * 86_400

export class TemporaryMedia {
  private readonly uploaded = new Map<string, number>()

  constructor(private readonly now: () => Date) {}

  /** Records an upload; answers its created_at in Unix seconds. */
  add(mediaId: string): number {
    const at = Math.floor(this.now().getTime() / 1000)
    this.uploaded.set(mediaId, at)
    return at
  }

  alive(mediaId: string): boolean {
    const at = this.uploaded.get(mediaId)
    return at !== undefined && Math.floor(this.now().getTime() / 1000) - at < LIFETIME_SECONDS
  }
}
