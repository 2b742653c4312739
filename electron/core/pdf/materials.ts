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

  const rows: Cell[][] = [];
  // What each row's 状态 column reads, for the summary line: it counts rows by that word, so no
  // figure above the table can contradict the table.
  const said: string[] = [];
  const row = (id: string, title: string, required: string, status: 'provided' | 'missing' | 'waived' | undefined, optional = false): void => {
    const note = notes.get(id)?.note;
    const count = filesOf.get(id) ?? 0;
    said.push(!status ? '未标明状态' : status === 'missing' && optional ? `可选${OPTIONAL_NOT_GIVEN}` : MATERIAL_STATUS_LABELS[status]);
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
  const others = groups.filter((g) => !known.has(g.materialId));
  for (const g of others) row(g.materialId, g.title, '—', notes.get(g.materialId)?.status);

  // Alternatives none of which is given: each is a 缺少 row, and one of each group will do.
  const missingAlternatives = evaluation.materials.filter((m) => m.required && m.oneOf !== undefined && m.status === 'missing');
  const altGroups = new Set(missingAlternatives.map((m) => m.oneOf)).size;
  const counts = ['已提供', '缺少', '免予提供', `可选${OPTIONAL_NOT_GIVEN}`, '未标明状态']
    .map((word) => [word, said.filter((w) => w === word).length] as const)
    .filter(([word, n]) => n > 0 || word === '已提供' || word === '缺少') // 缺少 0 项 says outright that nothing is missing
    .map(([word, n]) => `${word} ${n} 项${word === '缺少' && altGroups > 0
      ? `（其中 ${missingAlternatives.length} 项为任选一种，${altGroups > 1 ? `分 ${altGroups} 组，每组` : ''}补交 1 项即可）`
      : ''}`);
  flow.paragraph(SECTION_TITLES.materials, { size: 15, face: 'bold', align: 'center', lineHeight: 24 });
  flow.paragraph(
    `报销类别：${facts.category?.title['zh-CN'] ?? caseFile.category}　共 ${rows.length} 项${others.length > 0 ? `（含本类别以外 ${others.length} 项）` : ''}：${counts.join('，')}`,
    { size: 9, color: MUTED, align: 'center', lineHeight: 14, after: 6 },
  );
  flow.onNewPage = (f) => f.paragraph(`${SECTION_TITLES.materials}（续）`, { size: 11, face: 'bold', align: 'center', lineHeight: 20, after: 4 });

  // The footnote explains the 所在页码 column: it stays on the page of the table's last rows.
  const footnote = '“所在页码”指本材料包中附件所在的页；“—”表示本包未附电子件（如原件另行提交）。';
  const footnoteStyle = { size: 8.5, color: MUTED };
  const footnoteSpace = 10;
  table(flow, [
    { title: '序号', weight: 5, align: 'center' },
    { title: '材料名称', weight: 40 },
    { title: '是否必需', weight: 9, align: 'center' },
    { title: '状态', weight: 9, align: 'center' },
    { title: '附件', weight: 8, align: 'center' },
    { title: '所在页码', weight: 16, align: 'center' },
  ], rows, { style: { size: 9.5, lineHeight: 13.5, padX: 4, padY: 4 }, followedBy: footnoteSpace + flow.paragraphHeight(footnote, footnoteStyle) });

  flow.space(footnoteSpace);
  flow.paragraph(footnote, footnoteStyle);
  return { key: 'materials', title: SECTION_TITLES.materials, pages: flow.pages, marks: [] };
}
