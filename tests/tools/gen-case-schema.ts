// Writes schema/case.schema.json, the published JSON Schema of the case file format,
// from the zod schema that validates case files (so the two cannot drift).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { caseFileSchema, CASE_FORMAT } from '../../shared/model/case.ts';

export function caseJsonSchema(): string {
  const schema = z.toJSONSchema(caseFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return JSON.stringify({
    $id: 'https://claimdesk.local/schema/case.schema.json',
    title: `ClaimDesk case file (${CASE_FORMAT})`,
    description: 'One claim. Dates YYYY-MM-DD, months YYYY-MM, money integer fen (amountFen).',
    ...schema,
  }, null, 2) + '\n';
}

export const SCHEMA_FILE = path.resolve(import.meta.dirname, '..', '..', 'schema', 'case.schema.json');

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
  fs.writeFileSync(SCHEMA_FILE, caseJsonSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
