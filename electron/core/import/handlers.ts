// The contract calls of issue 8's spreadsheet work: import.preview / import.commit and
// export.list / export.report. Spread into the service's handler map.
import type { Request, Response } from '../../../shared/contract.ts';
import type { CaseFile } from '../../../shared/model/case.ts';
import type { ClaimDeskService } from '../service.ts';
import { commitImport, previewImport } from './index.ts';
import { exportCaseList, exportReport, type ExportedFile } from '../export/list.ts';

type Calls = 'import.preview' | 'import.commit' | 'export.list' | 'export.report';
type HrHandlers = { [C in Calls]: (input: Request<C>) => Promise<Response<C>> };

const asInfo = (f: ExportedFile) => ({ fileName: f.fileName, mime: f.mime, base64: f.bytes.toString('base64'), rows: f.rows });

export function hrHandlers(service: ClaimDeskService, today: () => string): HrHandlers {
  return {
    'import.preview': (input) => previewImport(service.db, input, today()),
    'import.commit': async (input) => {
      const result = await commitImport(service.db, input, today(), {
        addLines: (number, lines, detail) => {
          const rec = service.addLines(number, lines, detail);
          return { number: rec.number, claimant: rec.case.claimant.name };
        },
        createCase: (caseFile: CaseFile) => service.createCase(caseFile, 'case.import'),
      });
      // Committed: a sheet that made many cases merges the search index when that is cheap.
      service.search.optimizeAfterBulk(result.cases.filter((c) => c.created).length);
      return result;
    },
    'export.list': async ({ format, query, status, category }) =>
      asInfo(await exportCaseList(service.db, service.search, { query, status, category }, format, today())),
    'export.report': async ({ format, by, status, from, to }) =>
      asInfo(await exportReport(service.db, by, format, today(), { status, from, to })),
  };
}
