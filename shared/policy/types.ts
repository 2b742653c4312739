// The policy pack: what each category requires and the parameters of the rules, as data.
// Issue 3 grows this into the full, dated, cited pack; the shape below is what the core,
// the renderer and the PDF rely on.
import type { CategoryId } from '../model/case.ts';
import type { Localized } from '../model/evaluation.ts';

export interface MaterialDef {
  id: string;
  title: Localized;
  help: Localized;
  /** 'seed §N' or 'practice' */
  source: string;
}

export interface CategoryDef {
  id: CategoryId;
  /** rule id of the category, e.g. 'cat.transfer' */
  rule: string;
  title: Localized;
  /** the sentence of the source text it rests on */
  basis: Localized;
  source: string;
  materials: MaterialDef[];
}

export interface PolicyPack {
  id: string;
  version: string;
  effectiveFrom: string;
  title: Localized;
  categories: CategoryDef[];
}
