// Thumbnails of stored attachments by content hash: one read and one blob URL per file.
export type Thumb =
  | { state: 'loading' }
  | { state: 'failed' }
  | { state: 'ready'; url: string; pages: number | null };

const map = $state<Record<string, Thumb>>({});

export const thumbs = {
  get(sha256: string): Thumb | undefined {
    return map[sha256];
  },
  set(sha256: string, thumb: Thumb): void {
    map[sha256] = thumb;
  },
};
