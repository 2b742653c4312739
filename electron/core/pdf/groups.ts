// Attachments grouped by material, in the order of the materials index: the materials of
// the evaluation first (in its order), then any other material the attachments name.
import type { Evaluation } from '../../../shared/model/evaluation.ts';
import type { PackageAttachment } from './types.ts';

export interface MaterialGroup {
  materialId: string;
  title: string;
  files: PackageAttachment[];
}

export function groupAttachments(evaluation: Evaluation, attachments: readonly PackageAttachment[]): MaterialGroup[] {
  const byId = new Map<string, MaterialGroup>();
  for (const m of evaluation.materials) byId.set(m.id, { materialId: m.id, title: m.title['zh-CN'], files: [] });
  for (const a of attachments) {
    let g = byId.get(a.materialId);
    if (!g) {
      g = { materialId: a.materialId, title: a.title, files: [] };
      byId.set(a.materialId, g);
    }
    g.files.push(a);
  }
  return [...byId.values()].filter((g) => g.files.length > 0);
}
