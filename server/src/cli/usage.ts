export const USAGE = `Usage: kms-diagnose <command> [options]

Commands:
  scan [paths...]        Find Alibaba Cloud KMS error codes in files, directories or - (stdin);
                         stdin and pipes are scanned as they come, each finding written at once
  decode [file|-]        Decode an API response or SDK error text (its first 1 MB)
  explain CODE           Everything known about an error code
  timeline [paths...]    Incidents in logs, each with the ActionTrail changes before it (--trail)
  rules --target T       Queries and rules that find KMS errors where a fleet's logs live:
                         sls (Simple Log Service), clickhouse, duckdb, sigma

Scan options:
  --format text|json|sarif|csv|jsonl
                                 Output format (default text); jsonl: a JSON object per finding,
                                 then a summary object
  -f, --follow                   Follow the files as they grow, as tail -F does (rotation and
                                 copytruncate too), until Ctrl-C, then print the count and
                                 --summary; formats text, csv and jsonl
  --from-start                   With --follow, scan what the files hold first (default: their end)
  --include GLOB                 Only scan matching files in directories (repeatable)
  --exclude GLOB                 Skip matching files and directories (repeatable)
  --confidence high|low          Also report generic codes without KMS context with "low" (default high)
  --fail-on none|low|high        Exit 1 when reported findings reach this confidence (default low)
  --summary                      After the findings, tables of counts per code, per UTC hour and RequestId
                                 (on stdout for text; on stderr with json, sarif or csv)
  --since TIME, --until TIME     Keep findings logged in [since, until); TIME is an ISO 8601 date or
                                 date-time (2026-11-20, 2026-11-20T08:30:00Z), UTC without a zone;
                                 findings without a timestamp are then left out
  --no-progress                  No progress bar (it shows on a terminal's stderr for large inputs)
  -j, --jobs N                   Files, or slices of a log over 16 MB, scanned at once on worker
                                 threads (default: $KMS_SCAN_JOBS or one per core; a single log is
                                 sliced by default from 4 cores); the output is the same, in the
                                 same order; 1 scans on the main thread; at most 4 per core
  --encoding auto|NAME           Encoding of the files (default auto: UTF-8, UTF-16 by BOM or NULs,
                                 GB18030 when the text is not UTF-8 and reads as GB18030; or a name
                                 such as gbk, utf-16le, shift_jis, windows-1252)
  --binary skip|text             Binary files (NULs among their first bytes beside non-text bytes)
                                 are skipped, counted and exit 2 (default skip); text scans them
  --max-gzip-ratio N             Stop a .gz that decompresses to more than N times its size
                                 (default 100; 0 for no limit), reported as not scanned

Timeline options:
  --trail PATH                   ActionTrail events: JSON lines, arrays, SLS or OSS exports, .gz
                                 (repeatable; files among the paths are also found by their content)
  --window DURATION              How far before an incident's first error to look (default 24h; 30m, 7d)
  --format text|json|html        Output format (default text); html is one self-contained page
  --include, --exclude, -j       As for scan

Rules options:
  --target sls|clickhouse|duckdb|sigma
  --query rows|hourly|search|alert  What to print: the KMS errors per line (default), the errors
                                 per code per hour, the SLS search statement or SLS alert
  --out DIR                      Write every query or rule of the target to DIR instead
  --table NAME, --column NAME, --time-column NAME
                                 Where the lines are (defaults: sls log, content, __time__;
                                 clickhouse logs, message, timestamp; duckdb logs/*.jsonl, content,
                                 time; for duckdb a .jsonl, .csv or .parquet path or glob is read)
  --with COLUMN                  Carry a column through to the rows, e.g. a host (repeatable)
  --limit N                      Most rows a query returns (default 10000, for sls at most 10000)

Decode options:
  --show-secrets                 Show key material and secret values of success responses (a data
                                 key's Plaintext, a SecretData); they are masked by default

Common options:
  --lang en|zh-CN|zh-TW          Language of descriptions (default: $KMS_LANG or en)
  --catalog FILE                 Add a user catalog in the catalog JSON format (repeatable)
  --format text|json             For decode and explain
  --no-color, --color            Force colours off or on
  -h, --help                     Show this help
  -v, --version                  Show the version

Exit codes: 0 nothing found, 1 findings (timeline: incidents), 2 usage, input or I/O error, or an input not scanned
(unreadable file or folder, binary file skipped, .gz over its limit); 130 or 143 when SIGINT or
SIGTERM interrupts a scan (its report then holds what was found, and says it was interrupted).`;
