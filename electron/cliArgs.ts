// What every `claimdesk` verb shares for reading its arguments: strict flags (an unknown
// flag is a usage error naming it), --data on every verb, and folders expanded to the case
// files inside them.
import fs from 'node:fs';
import { dataPaths, resolveDataDir } from './core/dataDir.ts';
import { throughLinks } from './core/files/atomicWrite.ts';
import { fileIdentity } from './core/files/identity.ts';
import { openRegularFile } from './core/files/regularFile.ts';
import { SUMMARY_KEYS } from './core/batch/outputs.ts';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad usage: exit 2 with this message. */
export class UsageError extends Error {}

const DATA_OPTION = { data: { type: 'string' } } as const;

/**
 * `--jobs -1`: parseArgs takes a value starting with '-' for a flag and refuses it ("argument
 * is ambiguous", or "Unknown option" from a parser that does not know the flag), so the
 * flag's own check never says what is wrong with it. A negative number is never a flag:
 * given to a flag that takes a value, it is joined to it (--jobs=-1) and checked as a value.
 */
export function negativeValuesJoined(args: readonly string[], config: NonNullable<ParseArgsConfig['options']>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') { out.push(...args.slice(i)); break; }
    const name = a.startsWith('--') ? a.slice(2) : null;
    const next = args[i + 1];
    if (name && config[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) { out.push(`${a}=${next}`); i++; continue; }
    out.push(a);
  }
  return out;
}

/** What a flag's value is, for "--summary needs a path …" (other flags: "a value"). */
const FLAG_VALUES: Record<string, string> = {
  summary: 'a path (--summary PATH writes PATH.csv and PATH.json)', jobs: 'a number of workers', 'out-dir': 'a folder',
  out: 'a file name', data: 'a data folder', preparer: 'a name', 'on-duplicate': 'keep, replace or skip', case: 'a case number',
};

/**
 * parseArgs's complaint about a flag given without its value, in words naming the flag and
 * what it takes ("Option '--summary <value>' argument missing" read, from a parser that did
 * not know the flag, as "Unknown option '--summary'"); null for any other error.
 */
export function missingValue(err: unknown): string | null {
  if ((err as NodeJS.ErrnoException).code !== 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return null;
  const name = /Option '--([\w-]+)/.exec((err as Error).message)?.[1];
  return name ? `--${name} needs ${FLAG_VALUES[name] ?? 'a value'}` : null;
}

export function options<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], config: O) {
  let parsed;
  try {
    parsed = parseArgs({ args: negativeValuesJoined(args, { ...DATA_OPTION, ...config }), options: { ...DATA_OPTION, ...config }, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    throw new UsageError(missingValue(err) ?? (err as Error).message);
  }
  const twice = repeatedFlag(parsed.tokens, config);
  if (twice) throw new UsageError(`--${twice}: given twice; give it once`);
  return parsed;
}

/**
 * A flag given twice (--data A … --data B), which would silently mean the last one: which
 * data folder a script writes to should never depend on the order of its arguments. Flags
 * declared `multiple` (export --case A --case B) may repeat.
 */
export function repeatedFlag(tokens: readonly { kind: string; name?: string }[], config: NonNullable<ParseArgsConfig['options']>): string | null {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || !token.name || config[token.name]?.multiple) continue;
    if (seen.has(token.name)) return token.name;
    seen.add(token.name);
  }
  return null;
}

/**
 * A file to write whose missing folders the verb makes (export, backup, audit): only refused
 * when it names a folder (exit 2 naming the flag, not EISDIR after the work).
 */
export function notAFolder(flag: string, file: string): void {
  let isDir = false;
  try { isDir = fs.statSync(file).isDirectory(); } catch { /* not there yet */ }
  if (isDir || /[\\/]$/.test(file)) throw new UsageError(`${flag}: ${file} is a folder; name the file to write`);
  // The file is written beside and renamed into place: a device or a pipe (/dev/stdout) would
  // be replaced by a plain file, and nothing would reach what it stands for.
  if (file === '-') throw new UsageError(`${flag}: - (standard output) is not supported; name a file to write`);
  let other = false;
  try { const st = fs.statSync(file); other = !st.isFile(); } catch { /* not there yet */ }
  if (other) throw new UsageError(`${flag}: ${file} is not a regular file (a device, pipe or socket); name a file to write`);
  // The nearest existing ancestor must be a folder (a file there: no folder can be made under it).
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    let stat: fs.Stats | undefined;
    try { stat = fs.statSync(dir); } catch { /* go up */ }
    if (stat) {
      if (!stat.isDirectory()) throw new UsageError(`${flag}: ${dir} is a file, not a folder`);
      return;
    }
    if (path.dirname(dir) === dir) return;
  }
}

/**
 * A file a verb will write (--out, --summary): refused at once, naming the flag, when it is a
 * folder or its folder does not exist, rather than after all the work, with a system error
 * about a temporary file. Returns the absolute path.
 */
export function outputFile(flag: string, file: string): string {
  notAFolder(flag, file);
  // Where the write lands: through a symbolic link, its target's folder must exist.
  const target = throughLinks(file);
  if (!fs.existsSync(path.dirname(target))) throw new UsageError(`${flag}: the folder ${path.dirname(target)} does not exist`);
  return target;
}

/**
 * Folders become the case files (*.json) directly inside them, sorted; files stay as named.
 * A name that is not there stays too: with others, it is one failed case among them (one bad
 * case never stops the rest); alone, its verb reports it. A file met twice (named twice, a
 * file and its folder, a link to it, ./x and x) is kept once, where it first came: the same
 * case checked twice would be its own duplicate, imported twice two cases.
 *
 * A folder stands for its top level only (batch/ is not batch/2026-10/ too: a folder of
 * archived or unzipped cases below would be taken without being asked for). Case files in
 * subfolders that are not taken are said once, with how to take them — never left out silently.
 */
export function caseFilesFrom(paths: string[], what = 'case file or folder'): string[] {
  if (paths.length === 0) throw new UsageError(`name at least one ${what}`);
  const empty: string[] = [];
  const summaries: string[] = [];
  const below: string[] = [];
  const files = paths.flatMap((p) => {
    let stat: fs.Stats;
    try { stat = fs.statSync(p); } catch { return [p]; }
    if (!stat.isDirectory()) return [p];
    // The *.json FILES: a subfolder named sub.json is not a case (it was read as one, EISDIR,
    // and failed the run with exit 2); its case files, if any, are said below like any subfolder's.
    const inside = fs.readdirSync(p, { withFileTypes: true }).filter((d) => isJsonName(d.name) && !isFolder(path.join(p, d.name), d))
      .map((d) => d.name).sort().map((f) => path.join(p, f))
      .filter((f) => !(isClaimDeskSummary(f) && summaries.push(f)));
    if (inside.length === 0) empty.push(p);
    else below.push(...caseFilesBelow(p));
    return inside;
  });
  // A summary written into the folder it summarises (--summary DIR/summary) is no case file:
  // left out, said once, rather than failing the next run as an invalid case.
  if (summaries.length > 0) {
    console.error(`note: left out ${summaries.length === 1 ? 'a ClaimDesk summary' : `${summaries.length} ClaimDesk summaries`} (not case files): ${summaries.slice(0, 3).join(', ')}${summaries.length > 3 ? ', …' : ''}`);
  }
  // Not a silent "0 cases": a folder without case files is named, with where they are when
  // they are one level down. Alone, it is a usage error; among others, a warning.
  const messages = empty.map((p) => {
    const below = fs.readdirSync(p, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .filter((d) => { try { return fs.readdirSync(path.join(p, d.name)).some(isJsonName); } catch { return false; } });
    return `${p}: no case files (*.json) in this folder${below.length ? `; its subfolders ${below.slice(0, 3).map((d) => d.name).join(', ')}${below.length > 3 ? ', …' : ''} have some: name them (folders are not searched below the first level)` : ''}`;
  });
  if (files.length === 0) throw new UsageError(messages[0]!);
  for (const m of messages) console.error(`warning: ${m}`);
  const taken = onceEach(files);
  // Those in a subfolder named as well (check batch batch/2026-10) are taken: not said.
  const key = (f: string): string => fileIdentity(f) ?? `path:${path.resolve(f)}`;
  const takenKeys = new Set(taken.map(key));
  const left = onceEach(below).filter((f) => !takenKeys.has(key(f)));
  if (left.length > 0) console.error(`warning: ${notTakenBelow(left)}`);
  return taken;
}

/**
 * The *.json files in the subfolders of `dir`, at any depth, sorted; ClaimDesk summaries left
 * out. Hidden folders and links to folders are not entered (a link could lead back up: a loop).
 */
function caseFilesBelow(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string, top: boolean): void => {
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(folder, { withFileTypes: true }); } catch { return; }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(folder, e.name);
      if (e.isDirectory()) { if (!e.name.startsWith('.')) walk(p, false); }
      else if (!top && isJsonName(e.name) && !isClaimDeskSummary(p)) found.push(p);
    }
  };
  walk(dir, true);
  return found;
}

/** '2 case files in subfolders were not taken …: a/x.json, b/y.json; to take them, name their folders too: a, b' */
function notTakenBelow(left: readonly string[]): string {
  const few = (list: readonly string[]): string => list.slice(0, 3).join(', ') + (list.length > 3 ? `, … (${list.length - 3} more)` : '');
  const folders = [...new Set(left.map((f) => path.dirname(f)))];
  return `${left.length === 1 ? '1 case file in a subfolder was' : `${left.length} case files in subfolders were`} not taken ` +
    `(a folder stands for the case files directly in it): ${few(left)}; ` +
    `to take ${left.length === 1 ? 'it' : 'them'}, name ${folders.length === 1 ? 'its folder' : 'their folders'} too: ${few(folders)}`;
}

/** A folder, or a link to one. A link whose target is gone is not: one case that cannot be read. */
function isFolder(file: string, entry: fs.Dirent): boolean {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  try { return fs.statSync(file).isDirectory(); } catch { return false; }
}

/** A case file's name in a folder: *.json in any case (CASE.JSON from a Windows or DOS tool too). */
const isJsonName = (name: string): boolean => /\.json$/i.test(name);

/**
 * A summary ClaimDesk wrote (--summary PATH, PATH.json): a JSON object with exactly the
 * summary's own top-level keys. Only a file that starts as one does ({"verb": …, as
 * writeSummary writes it) is read whole; every other file costs one small read, and what is
 * not a regular file none.
 */
export function isClaimDeskSummary(file: string): boolean {
  let text: string;
  try {
    // A named pipe or a device among the case files is not opened here (the open would block
    // the whole command on a FIFO): not a summary; its case says what it is.
    const { fd } = openRegularFile(file);
    try {
      const head = Buffer.alloc(64);
      const n = fs.readSync(fd, head, 0, head.length, 0);
      if (!/^\uFEFF?\s*\{\s*"verb"\s*:/.test(head.toString('utf8', 0, n))) return false;
      text = fs.readFileSync(fd, 'utf8');
    } finally { fs.closeSync(fd); }
  } catch { return false; }
  try {
    const json = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    if (json === null || typeof json !== 'object' || Array.isArray(json)) return false;
    const keys = Object.keys(json).sort();
    return keys.length === SUMMARY_KEYS.length && [...SUMMARY_KEYS].sort().every((k, i) => keys[i] === k);
  } catch { return false; }
}

/** Each file once, in the order first met: the same file is the same device and inode (a name not there: the same absolute path). */
export function onceEach(files: readonly string[]): string[] {
  const seen = new Set<string>();
  return files.filter((f) => {
    const key = fileIdentity(f) ?? `path:${path.resolve(f)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** --preparer NAME: who prepared a package (the cover's 经办人); a name, not a paragraph. */
export function preparerFlag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const name = value.trim();
  if (name === '' || name.length > 40 || /[\u0000-\u001f\u007f]/.test(name)) throw new UsageError(`--preparer: a name of 1 to 40 characters, got ${JSON.stringify(value)}`);
  return name;
}

/**
 * The data directory of a verb that only reads what is there (list, export-list, report,
 * export, backup, verify, audit): one without a database is a mistyped --data, refused
 * (exit 2) rather than answered from a new, empty database made on the spot.
 */
/**
 * The data directory a verb that writes will use (created when missing): a path that is a
 * file, or an empty --data (which would put the database in the current folder), is a usage
 * error naming it, before anything is created.
 */
export function writableDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag.trim() === '') throw new UsageError('--data: empty; name the data folder');
  const dir = resolveDataDir(flag, env);
  const what = flag !== undefined ? '--data' : 'the data directory';
  let stat: fs.Stats | undefined;
  try { stat = fs.statSync(dir); } catch { /* created when the service opens */ }
  if (stat && !stat.isDirectory()) throw new UsageError(`${what}: ${dir} is a file, not a folder`);
  return dir;
}

export function existingDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const dir = resolveDataDir(flag, env);
  const what = flag !== undefined ? '--data' : 'the data directory';
  const database = dataPaths(dir).database;
  if (!fs.existsSync(database)) throw new UsageError(`${what}: no ClaimDesk data in ${dir} (no claimdesk.sqlite there)`);
  if (!looksLikeClaimDeskDatabase(database)) {
    throw new UsageError(`${what}: ${database} is not a ClaimDesk database (empty, another program's, or not SQLite); nothing was changed`);
  }
  return dir;
}

/**
 * From the file's header, without opening it as a database (opening would create ClaimDesk's
 * tables in it): SQLite, with a schema version set (PRAGMA user_version, bytes 60–63), as
 * every ClaimDesk database has after its first migration. A version still only in the
 * write-ahead log (a crash before the first checkpoint) counts too.
 */
function looksLikeClaimDeskDatabase(file: string): boolean {
  const head = Buffer.alloc(100);
  let n = 0;
  const fd = fs.openSync(file, 'r');
  try { n = fs.readSync(fd, head, 0, 100, 0); } finally { fs.closeSync(fd); }
  if (n < 100 || head.toString('latin1', 0, 16) !== 'SQLite format 3\u0000') return false;
  if (head.readUInt32BE(60) > 0) return true;
  try { return fs.statSync(`${file}-wal`).size > 0; } catch { return false; }
}
