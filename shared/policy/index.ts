import type { CategoryId } from '../model/case.ts';
import type { CategoryDef, PolicyPack } from './types.ts';
import { xiamenPack } from './xiamen.ts';

export type { CategoryDef, MaterialDef, PolicyPack } from './types.ts';

/** The pack shipped with the app. */
export function defaultPack(): PolicyPack {
  return xiamenPack;
}

export function findCategory(pack: PolicyPack, id: CategoryId): CategoryDef {
  const found = pack.categories.find((c) => c.id === id);
  if (!found) throw new Error(`policy pack ${pack.id} ${pack.version} has no category ${id}`);
  return found;
}
