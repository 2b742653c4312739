// The verbs' usage lines, apart from the verbs themselves: `claimdesk --help` (and a usage
// error) prints them without loading any verb's modules (cli.ts loads those on first use).

export const BATCH_USAGE = `  check|package … --summary PATH   also write a summary of every case (PATH.csv and PATH.json)
  check|package … --jobs N         worker threads (default and most: the number of cores)
  package FILE|DIR … --out-dir DIR build every case's package into DIR, in parallel (same names: NAME-2.pdf, …, never another file's own name)
        [--preparer NAME]       who prepared them, printed on each cover (经办人)
`;

export const EXPORT_USAGE = `  export-list --out FILE [--format xlsx|csv] [--status S] [--category C] [--query TEXT]
                                the case list (newest change first) with Chinese headers
  report [--by month,category,employer] [--format csv|xlsx] [--out FILE] [--status S] [--from YYYY-MM] [--to YYYY-MM]
                                cases, lines and amounts per month, category and/or employer (CSV on stdout without --out)
                                the format follows --out's extension (.xlsx, .csv); --format is needed for another name
                                .xlsx is for Excel (dates, amounts as numbers, a 合计 row); .csv is plain data (UTF-8, RFC 4180)
                                for programs — opened in Excel, it shows ID numbers as 3.50203E+17
`;

export const DATA_USAGE = `  import FILE|DIR|BUNDLE … [--on-duplicate keep|replace|skip] [--summary PATH] [--jobs N]
                                add case files (with their scans) or case bundles; prints "imported <number> <file>" after each commit;
                                case files are read and checked on every core, committed one by one in the order given; a case already
                                here (same claimant and invoices) needs --on-duplicate
  export --case NUMBER… --out BUNDLE
                                a case bundle: case files + attachments + a manifest of SHA-256 hashes
  backup [--out FILE]           a consistent backup of the database and attachments (default: the backups folder)
  restore FILE                  restore a backup after checking it; the data before is saved as a backup first
  verify                        integrity: database, foreign keys, every attachment's hash, duplicate invoices; exit 1 on any problem
  audit [--case NUMBER] [--out FILE.csv|FILE.json]
                                the audit trail (who, when, what), as CSV or JSON
`;
