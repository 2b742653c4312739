// The fresh process of package.ts's peak-memory figures (not a benchmark of its own: run.ts
// skips files whose name starts with _). It starts the way `claimdesk package FILE` starts
// (electron/cli.ts): V8's young generation kept at its starting size before the PDF builder's
// modules load; then package.ts runs its --child part.
import { keepYoungGenerationSmall } from '../../electron/core/pdf/heap.ts';

keepYoungGenerationSmall();
await import('./package.ts');
