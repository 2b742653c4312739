// Reading a parameter as it stood on a date: the last value whose `from` is on or before
// the date (OpenFisca's rule). A null value, no value yet, or an empty list all mean
// "not configured": the caller says so instead of guessing a number.
import type { ParameterName } from './registry.ts';
import type { PolicyPack } from './schema.ts';

export type ParameterLookup =
  | { configured: true; name: ParameterName; value: number; from: string; reference: string }
  | { configured: false; name: ParameterName; reason: 'absent' | 'notYetInForce' | 'ended' };

/** The value of `name` in force on `on` (ISO date). */
export function parameterAt(pack: PolicyPack, name: ParameterName, on: string): ParameterLookup {
  const values = pack.parameters[name]?.values ?? [];
  if (values.length === 0) return { configured: false, name, reason: 'absent' };
  let current: (typeof values)[number] | undefined;
  for (const v of values) if (v.from <= on) current = v;
  if (!current) return { configured: false, name, reason: 'notYetInForce' };
  if (current.value === null) return { configured: false, name, reason: 'ended' };
  return { configured: true, name, value: current.value, from: current.from, reference: current.reference };
}
