// Writes docs/policy.md from the default policy pack (npm run docs:policy).
// tests/unit/policy-docs.test.ts fails when the committed file differs from this output.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPack, renderPolicyDocs } from '../../shared/policy/index.ts';

const out = join(import.meta.dirname, '..', '..', 'docs', 'policy.md');
writeFileSync(out, renderPolicyDocs(defaultPack()));
console.log(`wrote ${out}`);
