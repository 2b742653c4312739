// The materials index: every material the category needs, its status, and the pages of
// this package where its attachments sit.
import { MUTED, RED } from './canvas.ts';
import type { PackageFacts } from './facts.ts';
import type { Fonts } from './fonts.ts';
import type { MaterialGroup } from './groups.ts';
import { Flow } from './layout/flow.ts';
import { table, type Cell } from './layout/table.ts';
import { MATERIAL_STATUS_LABELS, OPTIONAL_NOT_GIVEN, SECTION_TITLES } from './labels.ts';
import type { Section } from './section.ts';

export function pageRangeLabel(range: { first: number; last: number } | undefined): string {
  if (!range) return '—';
  return range.first === range.last ? `第 ${range.first} 页` : `第 ${range.first}–${range.last} 页`;
}

export function materialsSection(fonts: Fonts, facts: PackageFacts, groups: readonly MaterialGroup[]): Section {
  const flow = new Flow(fonts, SECTION_TITLES.materials);
  const { evaluation, caseFile } = facts;
  const notes = new Map((caseFile.materials ?? []).map((m) => [m.id, m]));
  const filesOf = new Map(groups.map((g) => [g.materialId, g.files.length]));

  const provided = evaluation.materials.filter((m) => m.status === 'provided').length;
  // Only a required material can be missing: an optional one not handed in is just that, as
  // the cover's verdict (complete) has it.
  // Alternatives (oneOf) none of which is given are one missing material: any one will do.
  const missingItems = evaluation.materials.filter((m) => m.status === 'missing' && m.required);
  const missing = missingItems.filter((m) => m.oneOf === undefined).length + new Set(missingItems.flatMap((m) => (m.oneOf === undefined ? [] : [m.oneOf]))).size;
  const optionalNotGiven = evaluation.materials.filter((m) => m.status === 'missing' && !m.required).length;
  flow.paragraph(SECTION_TITLES.materials, { size: 15, face: 'bold', align: 'center', lineHeight: 24 });
  flow.paragraph(
    `报销类别：${facts.category?.title['zh-CN'] ?? caseFile.category}　共 ${evaluation.materials.length} 项，已提供 ${provided} 项，缺少 ${missing} 项${optionalNotGiven ? `，可选未提供 ${optionalNotGiven} 项` : ''}`,
    { size: 9, color: MUTED, align: 'center', lineHeight: 14, after: 6 },
  );
  flow.onNewPage = (f) => f.paragraph(`${SECTION_TITLES.materials}（续）`, { size: 11, face: 'bold', align: 'center', lineHeight: 20, after: 4 });

  const rows: Cell[][] = [];
  const row = (id: string, title: string, required: string, status: 'provided' | 'missing' | 'waived' | undefined, optional = false): void => {
    const note = notes.get(id)?.note;
    const count = filesOf.get(id) ?? 0;
    rows.push([
      String(rows.length + 1),
      note ? `${title}（${note}）` : title,
      required,
      !status ? '—'
        : status === 'missing' && optional ? { text: OPTIONAL_NOT_GIVEN, color: MUTED }
        : { text: MATERIAL_STATUS_LABELS[status], color: status === 'missing' ? RED : undefined },
      count > 0 ? `${count} 份` : '—',
      { text: '第 9999–9999 页', late: (ctx) => pageRangeLabel(ctx.materialPages.get(id)) },
    ]);
  };
  for (const m of evaluation.materials) row(m.id, m.title['zh-CN'], !m.required ? '可选' : m.oneOf !== undefined ? '任选一种' : '必需', m.status, !m.required);
  const known = new Set(evaluation.materials.map((m) => m.id));
  for (const g of groups) if (!known.has(g.materialId)) row(g.materialId, g.title, '—', notes.get(g.materialId)?.status);

  table(flow, [
    { title: '序号', weight: 5, align: 'center' },
    { title: '材料名称', weight: 40 },
    { title: '是否必需', weight: 9, align: 'center' },
    { title: '状态', weight: 9, align: 'center' },
    { title: '附件', weight: 8, align: 'center' },
    { title: '所在页码', weight: 16, align: 'center' },
  ], rows, { style: { size: 9.5, lineHeight: 13.5, padX: 4, padY: 4 } });

  flow.space(10);
  flow.paragraph('“所在页码”指本材料包中附件所在的页；“—”表示本包未附电子件（如原件另行提交）。', { size: 8.5, color: MUTED });
  return { key: 'materials', title: SECTION_TITLES.materials, pages: flow.pages, marks: [] };
}
