#!/usr/bin/env node
// `claimdesk <verb> …` (../shared/INTERFACES.md). Exit 0 on success, 1 when it ran but found
// problems, 2 on bad input or usage (the message names the file, field or flag).
// Messages go to stderr; machine-readable results to stdout.
import fs from 'node:fs';
import path from 'node:path';
import { APP_ROOT, APP_VERSION } from './core/version.ts';
import { UsageError, caseFilesFrom, existingDataDir, options, outputFile, preparerFlag, writableDataDir } from './cliArgs.ts';
import { BATCH_USAGE, DATA_USAGE, EXPORT_USAGE } from './cliUsage.ts';

// Everything else is imported by the verb that needs it, when it runs: `--help` loads
// nothing more, `check` no PDF, spreadsheet or database code. (In the bundled CLI these are
// lazy initialisers within the one file.)

const USAGE = `claimdesk ${APP_VERSION} — 医保零星报销材料助手

usage: claimdesk <verb> [options]   (every verb takes --data DIR; else $CLAIMDESK_DATA; else the user-data folder)

  check FILE|DIR …              evaluate case files; JSON out (one object per line for many files)
                                a folder: the case files (*.json) directly in it, not its subfolders'
  package FILE --out PDF        build the claim package from a case file and its attachment files
        [--preparer NAME]       who prepared it, printed on the cover (经办人)
${BATCH_USAGE}${EXPORT_USAGE}${DATA_USAGE}  list [--json]                 the cases in the database
  serve [--port N] [--samples]  the web host on 127.0.0.1; prints its URL with the per-run secret
        [--kiosk] [--idle SECONDS]  kiosk mode: a visit ends after SECONDS idle (3–3600; default: the saved setting, 120)
`;

type Verb = (args: string[]) => Promise<number>;

/** A verb of cliData.ts (issue 7: data that survives), loaded when it runs. */
const dataVerb = (name: string): Verb => async (args) => (await import('./cliData.ts')).dataVerbs[name]!(args);
/** A verb of core/export/cli.ts (issue 8: HR exports), loaded when it runs. */
const exportVerb = (name: string): Verb => async (args) => (await import('./core/export/cli.ts')).exportVerbs[name]!(args);

const verbs: Record<string, Verb> = {
  import: dataVerb('import'),
  export: dataVerb('export'),
  backup: dataVerb('backup'),
  restore: dataVerb('restore'),
  verify: dataVerb('verify'),
  audit: dataVerb('audit'),
  'export-list': exportVerb('export-list'),
  report: exportVerb('report'),
  async check(args) {
    // Many files, a folder or --summary: in parallel on every core, with a summary (issue 8).
    const { batchFromArgs } = await import('./core/batch/cli.ts');
    const batch = await batchFromArgs('check', args, caseFilesFrom);
    if (batch !== null) return batch;
    const { positionals, values } = options(args, {});
    const files = caseFilesFrom(positionals);
    const [{ CaseFileError, checkNamedFiles, readCaseFile }, { evaluate }, { packForCaseFile }] = await Promise.all([
      import('./core/caseFiles.ts'), import('../shared/rules/evaluate.ts'), import('./core/packs.ts'),
    ]);
    const single = files.length === 1;
    let exit = 0;
    for (const file of files) {
      try {
        const caseFile = readCaseFile(file);
        await checkNamedFiles(caseFile, file);
        const result = evaluate(caseFile, packForCaseFile(values.data as string | undefined, caseFile));
        const out = {
          ...(single ? {} : { file }),
          complete: result.complete,
          findings: result.findings,
          materials: result.materials.map((m) => ({ id: m.id, required: m.required, status: m.status, source: m.source })),
          totals: { amountFen: result.totals.amountFen, amountWords: result.totals.amountWords },
          pack: result.pack,
        };
        process.stdout.write(single ? JSON.stringify(out, null, 2) + '\n' : JSON.stringify(out) + '\n');
        if (result.findings.some((f) => f.level === 'error')) exit = Math.max(exit, 1);
      } catch (err) {
        if (!(err instanceof CaseFileError)) throw err;
        console.error(err.message);
        if (!single) process.stdout.write(JSON.stringify({ file, error: err.message, field: err.field }) + '\n');
        exit = 2;
      }
    }
    return exit;
  },

  async package(args) {
    const { batchFromArgs } = await import('./core/batch/cli.ts');
    const batch = await batchFromArgs('package', args, caseFilesFrom);
    if (batch !== null) return batch;
    const { positionals, values } = options(args, { out: { type: 'string' }, preparer: { type: 'string' } } as const);
    if (positionals.length !== 1) throw new UsageError('package takes one case file');
    if (!values.out) throw new UsageError('--out PDF is required (or --out-dir DIR: a package per case file, for a folder or several files)');
    const out = outputFile('--out', values.out);
    const preparedBy = preparerFlag(values.preparer);
    const file = positionals[0]!;
    // One package, then the process ends: peak memory matters more than V8's young-generation growth.
    (await import('./core/pdf/heap.ts')).keepYoungGenerationSmall();
    const [{ CaseFileError, inputAt, loadCaseAttachments, numberFromFileName, readCaseFile }, { evaluate }, { packForCaseFile }, { writePackage, PackageError }, { todayIso }, { earlierPackage }] = await Promise.all([
      import('./core/caseFiles.ts'), import('../shared/rules/evaluate.ts'), import('./core/packs.ts'), import('./core/pdf/index.ts'), import('../shared/model/dates.ts'), import('./core/batch/outputs.ts'),
    ]);
    const caseFile = readCaseFile(file);
    const clash = inputAt(out, caseFile, file);
    if (clash) throw new UsageError(`--out ${values.out} is ${clash}: the package would overwrite it; choose another file`);
    // A file already at --out (not an input: inputAt refused that) is an earlier package. The
    // package is written to a temporary file and renamed, so a failure leaves it as it was — and
    // says so, as a batch does: a clerk could otherwise print it as this case's.
    const stale = (message: string): string => (fs.existsSync(out) ? message + earlierPackage(out) : message);
    const pack = packForCaseFile(values.data as string | undefined, caseFile);
    let attachments: Awaited<ReturnType<typeof loadCaseAttachments>>;
    try {
      attachments = await loadCaseAttachments(caseFile, file, pack);
    } catch (err) {
      if (err instanceof CaseFileError) err.message = stale(err.message);
      throw err;
    }
    const number = caseFile.number ?? numberFromFileName(path.basename(file, path.extname(file)));
    // One day for the whole build, as the app has it: 制表日期 and the PDF's dates are the day
    // the package is built; the case is evaluated (and 申请日期 defaults) as of that day.
    const today = todayIso();
    const evaluation = evaluate(caseFile, pack, { today });
    try {
      // Streamed into the file (a temporary one, synced and renamed), the scans read one by one.
      const built = await writePackage({
        number, caseFile, evaluation, pack, attachments, preparedBy,
        preparedOn: today,
      }, out);
      console.error(`wrote ${values.out}: ${built.pages} pages, ${built.bytes} bytes`);
      if (built.unprintable.length) console.error((await import('./core/batch/cli.ts')).unprintableWarning(values.out, built.unprintable));
      return 0;
    } catch (err) {
      if (err instanceof PackageError) {
        console.error(stale(`${file}: ${err.message}`));
        return 2;
      }
      throw err;
    }
  },

  async list(args) {
    const { values } = options(args, { json: { type: 'boolean' } } as const);
    const [{ ClaimDeskService }, { formatFen }] = await Promise.all([
      import('./core/service.ts'), import('../shared/rules/moneyWords.ts'),
    ]);
    const service = new ClaimDeskService({ dataDir: existingDataDir(values.data as string | undefined), host: 'web', actor: 'cli' });
    try {
      const pageSize = 500;
      for (let offset = 0; ; offset += pageSize) {
        const res = await service.dispatch('cases.list', { limit: pageSize, offset });
        if (!res.ok) throw new Error(res.error.message);
        const page = res.value as { total: number; items: { number: string; claimant: string; category: string; status: string; totalFen: number }[] };
        for (const c of page.items) {
          process.stdout.write(values.json
            ? JSON.stringify({ number: c.number, claimant: c.claimant, category: c.category, status: c.status, totalFen: c.totalFen }) + '\n'
            : `${c.number}\t${c.claimant}\t${c.category}\t${c.status}\t${formatFen(c.totalFen)}\n`);
        }
        if (offset + pageSize >= page.total) break;
      }
      return 0;
    } finally {
      service.close();
    }
  },

  async serve(args) {
    const { values } = options(args, {
      port: { type: 'string' }, samples: { type: 'boolean' }, token: { type: 'string' }, kiosk: { type: 'boolean' }, idle: { type: 'string' },
    } as const);
    const idleSeconds = values.idle === undefined ? undefined : Number(values.idle);
    if (idleSeconds !== undefined && (!Number.isInteger(idleSeconds) || idleSeconds < 3 || idleSeconds > 3600)) {
      throw new UsageError(`--idle: seconds from 3 to 3600: ${values.idle}`);
    }
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: not a port number: ${values.port}`);
    const dataDir = writableDataDir(values.data as string | undefined);
    const [{ ClaimDeskService }, { seedSamples }, { startBackupSchedule }, { startWebHost }, { startSearchMaintenance }] = await Promise.all([
      import('./core/service.ts'), import('./core/samples.ts'), import('./core/backup.ts'), import('./web.ts'), import('./core/search/maintenance.ts'),
    ]);
    const rendererDir = path.join(APP_ROOT, 'dist', 'renderer');
    if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
      console.error(`the renderer is not built (${rendererDir}): run npm run build`);
      return 2;
    }
    // --kiosk (issue 6): kiosk mode whatever the saved setting says; without it, the saved mode.
    const service = new ClaimDeskService({ dataDir, host: 'web', mode: values.kiosk ? 'kiosk' : undefined, idleSeconds });
    const kiosk = service.handlers['settings.get']({}) as { activeMode: string; idleSecondsInForce: number };
    if (kiosk.activeMode === 'kiosk') console.error(`kiosk mode: a visit ends after ${kiosk.idleSecondsInForce} s without activity`);
    else if (values.samples) await seedSamples(service);
    // The automatic daily backup: now, then once a day while the host runs.
    const stopBackups = startBackupSchedule(service);
    const stopUpkeep = startSearchMaintenance(service.search);
    let host: Awaited<ReturnType<typeof startWebHost>>;
    try {
      host = await startWebHost({ service, rendererDir, port, token: values.token as string | undefined });
    } catch (err) {
      stopBackups();
      stopUpkeep();
      service.close();
      // Another program (or another ClaimDesk) has the port: say so as a usage problem.
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`--port ${port}: already in use on 127.0.0.1; choose another, or leave --port out for a free one`);
      throw err;
    }
    process.stdout.write(`ClaimDesk is serving ${dataDir} at ${host.url}\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await host.close();
    stopBackups();
    stopUpkeep();
    service.close();
    return 0;
  },
};

/** Every verb's name (a test checks that none of cliData's or export's is missing). */
export function verbNames(): string[] {
  return Object.keys(verbs);
}

export async function main(argv: string[]): Promise<number> {
  // Every verb takes --data; written before the verb (claimdesk --data DIR list), it is the same.
  const lead = argv[0] === '--data' ? 2 : argv[0]?.startsWith('--data=') ? 1 : 0;
  const [verb, ...rest] = lead ? [...argv.slice(lead), ...argv.slice(0, lead)] : argv;
  if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
    process.stdout.write(USAGE);
    return verb ? 0 : 2;
  }
  if (verb === '--version') {
    process.stdout.write(APP_VERSION + '\n');
    return 0;
  }
  const run = verbs[verb];
  if (!run) {
    console.error(`unknown verb: ${verb}\n\n${USAGE}`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`claimdesk ${verb}: ${err.message}`);
      return 2;
    }
    // A case file that is not valid (thrown only once caseFiles.ts is loaded).
    if (err instanceof (await import('./core/caseFiles.ts')).CaseFileError) {
      console.error(err.message);
      return 2;
    }
    console.error(`claimdesk ${verb}: ${(err as Error).message ?? err}`);
    return 1;
  }
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fs.realpathSync(new URL(import.meta.url).pathname)) {
  // `claimdesk list | head`: the reader went away. Not an error of ours: stop quietly, as
  // Unix tools do, instead of a stack trace. (An import's commits are each done by then.)
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
