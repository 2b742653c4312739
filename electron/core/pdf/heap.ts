// Memory of a process that builds one package and exits (`claimdesk package FILE`).
//
// V8's young generation starts at 1 MB per semi-space and doubles, up to 16 MB, whenever many
// young objects survive a scavenge — as a package's pages, fonts and PDF objects do while it
// is built. In a short-lived process that growth is most of its peak memory above what the
// scans need: the reference case (31 MB of scans) peaks at ~112 MB with it and ~99 MB
// without, in the same time (`npm run bench:package`; measured 2026-11-27). Keeping the young
// generation at its starting size means more, smaller scavenges, which cost no measurable time
// here. The app's long-running processes (web host, desktop) are left as they are: their
// searches and lists profit from a larger young generation.
import v8 from 'node:v8';

/**
 * Keep V8's young generation at its starting size for the rest of the process. Call it first,
 * before the modules of the work are loaded. The flag is one V8 reads each time it would grow
 * the young generation, so setting it at run time takes effect (unlike --max-semi-space-size,
 * which V8 reads only when it starts).
 */
export function keepYoungGenerationSmall(): void {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}
