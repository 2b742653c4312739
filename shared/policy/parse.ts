// parsePack: the one door into the app for a policy pack, built-in or loaded from JSON by an
// administrator. Checks the shape (zod) and what the shape cannot say: unique ids, every
// rule id and parameter the engine needs, references that point somewhere. A broken pack
// is refused with every problem named by its path, e.g.
//   policy pack refused: categories[2].materials[0].title.en: must not be empty
import type { z } from 'zod';
import { LATER_RULE_IDS, PARAMETERS, PARAMETER_NAMES, RULE_IDS } from './registry.ts';
import { packSchema, type PolicyPack } from './schema.ts';

export class PolicyPackError extends Error {
  /** one entry per problem: the path in the pack and what is wrong */
  readonly problems: { path: string; message: string }[];
  constructor(problems: { path: string; message: string }[]) {
    super(`policy pack refused: ${problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`);
    this.name = 'PolicyPackError';
    this.problems = problems;
  }
}

/** ['categories', 2, 'materials', 0, 'id'] → 'categories[2].materials[0].id' */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += (out ? '.' : '') + String(key);
  }
  return out;
}

function zodProblems(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

/** Checks across the pack that the schema of each part cannot make. */
function crossProblems(pack: PolicyPack): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const ruleIds = new Set<string>();
  pack.rules.forEach((r, i) => {
    if (ruleIds.has(r.id)) problems.push({ path: `rules[${i}].id`, message: `duplicate rule id '${r.id}'` });
    ruleIds.add(r.id);
    (r.parameters ?? []).forEach((p, j) => {
      if (!(p in pack.parameters)) problems.push({ path: `rules[${i}].parameters[${j}]`, message: `no parameter '${p}' in the pack` });
    });
  });
  for (const id of RULE_IDS) {
    if (!ruleIds.has(id) && !LATER_RULE_IDS.has(id)) problems.push({ path: 'rules', message: `missing rule '${id}' (every rule the app applies needs its citation)` });
  }

  for (const name of PARAMETER_NAMES) {
    const def = pack.parameters[name];
    if (!def) problems.push({ path: 'parameters', message: `missing parameter '${name}'` });
    else if (def.values.length === 0 && !PARAMETERS[name].mayBeAbsent) {
      problems.push({ path: `parameters.${name}.values`, message: 'needs at least one dated value' });
    }
  }
  for (const [name, def] of Object.entries(pack.parameters)) {
    if (!(name in PARAMETERS)) problems.push({ path: `parameters.${name}`, message: `unknown parameter '${name}' (known: ${PARAMETER_NAMES.join(', ')})` });
    if (!ruleIds.has(def.rule)) problems.push({ path: `parameters.${name}.rule`, message: `no rule '${def.rule}' in the pack` });
  }

  const categoryIds = new Set<string>();
  pack.categories.forEach((c, i) => {
    const at = `categories[${i}]`;
    if (categoryIds.has(c.id)) problems.push({ path: `${at}.id`, message: `duplicate category '${c.id}'` });
    categoryIds.add(c.id);
    if (c.rule !== `cat.${c.id}`) problems.push({ path: `${at}.rule`, message: `must be 'cat.${c.id}'` });
    c.rules.forEach((r, j) => {
      if (!ruleIds.has(r)) problems.push({ path: `${at}.rules[${j}]`, message: `no rule '${r}' in the pack` });
    });
    const materialIds = new Set<string>();
    c.materials.forEach((m, j) => {
      if (materialIds.has(m.id)) problems.push({ path: `${at}.materials[${j}].id`, message: `duplicate material '${m.id}'` });
      materialIds.add(m.id);
      if (m.rule !== undefined && !ruleIds.has(m.rule)) problems.push({ path: `${at}.materials[${j}].rule`, message: `no rule '${m.rule}' in the pack` });
    });
    // A oneOf group of one is a plain material written confusingly; say so.
    const groups = new Map<string, number>();
    for (const m of c.materials) if (m.oneOf) groups.set(m.oneOf, (groups.get(m.oneOf) ?? 0) + 1);
    for (const [g, n] of groups) if (n < 2) problems.push({ path: `${at}.materials`, message: `oneOf group '${g}' has a single member` });
  });
  return problems;
}

/**
 * Validate a policy pack (parsed JSON, or the built-in object) and return it typed.
 * Throws PolicyPackError naming the path of every problem.
 */
export function parsePack(json: unknown): PolicyPack {
  const parsed = packSchema.safeParse(json);
  if (!parsed.success) throw new PolicyPackError(zodProblems(parsed.error));
  const problems = crossProblems(parsed.data);
  if (problems.length > 0) throw new PolicyPackError(problems);
  return parsed.data;
}
